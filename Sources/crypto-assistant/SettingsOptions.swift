import ArgumentParser
import AssistantServer
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--env-file`, shared by every subcommand: environment variables win over the file.
struct SettingsOptions: ParsableArguments {
    @Option(name: .long, help: "A KEY=value file read below the environment; missing is fine.")
    var envFile: String = ".env"

    /// Loads settings, checks what `command` needs, and starts logging as the settings say.
    func prepare(requiring requirements: (Settings) -> [SettingsError]) async throws -> (Settings, Logger) {
        let settings = try await load()
        let missing = requirements(settings)
        guard missing.isEmpty else { throw Failure.configuration(missing) }
        LogSetup.bootstrap(level: settings.logLevel, format: settings.logFormat)
        var logger = Logger(label: "crypto-assistant")
        // Replicas' lines tell which replica wrote them.
        if settings.databaseURL != nil || settings.instanceName != nil {
            logger[metadataKey: "instance"] = .string(settings.effectiveInstanceName)
        }
        return (settings, logger)
    }

    /// Loads and checks settings; a bad one ends the process with one line naming it.
    func load() async throws -> Settings {
        do {
            return try await SettingsLoader.load(environmentFile: envFile)
        } catch let error as SettingsError {
            throw Failure.configuration([error])
        } catch {
            throw Failure.configuration([SettingsError(name: envFile, problem: "cannot be read: \(error)")])
        }
    }
}

/// How a subcommand ends on a problem it can explain: a line on standard error and an exit
/// code (78, EX_CONFIG, for settings, so systemd can be told not to restart on it).
enum Failure: Error {
    case configuration([SettingsError])
    case message(String, code: Int32)

    func exit() -> ExitCode {
        switch self {
        case .configuration(let errors):
            for error in errors { Self.writeLine("error: \(error)") }
            return ExitCode(78)
        case .message(let text, let code):
            Self.writeLine("error: \(text)")
            return ExitCode(code)
        }
    }

    /// One line on standard error, in one write.
    private static func writeLine(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

/// Runs a subcommand body, turning known failures into a line and an exit code.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as Failure {
        throw failure.exit()
    } catch let error as SettingsError {
        throw Failure.configuration([error]).exit()
    } catch let error as SQLiteStore.OpenError {
        throw Failure.message("\(error)", code: 78).exit()
    }
}
