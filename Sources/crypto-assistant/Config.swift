import ArgumentParser
import AssistantServer

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect settings.", subcommands: [Check.self, Docs.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective settings (secrets masked) and what serve and poll still need.")

        @OptionGroup var options: SettingsOptions

        func run() async throws {
            try await reportingFailures {
                let settings = try await options.load()
                print(SettingsReport.render(settings))
            }
        }
    }

    /// For `make docs`, hence hidden: the documents are made from the settings table, which
    /// only the binary knows.
    struct Docs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write README's settings table and .env.example from the settings table.",
            shouldDisplay: false)

        @Option(help: "A README whose settings table (between its markers) is rewritten.")
        var readme: String?

        @Option(help: "Where .env.example is written.")
        var envExample: String?

        func run() async throws {
            guard readme != nil || envExample != nil else {
                throw ValidationError("Give --readme, --env-example or both.")
            }
            try await reportingFailures {
                do {
                    try SettingsDocumentation.write(readmePath: readme, environmentExamplePath: envExample)
                } catch {
                    throw Failure.message("\(error)", code: 1)
                }
            }
        }
    }
}
