import ArgumentParser
import AssistantServer
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the webhook server (HTTPS with TLS_CERT_FILE/TLS_KEY_FILE, plain HTTP behind a proxy otherwise)."
    )

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        try await reportingFailures {
            let (settings, logger) = try await options.prepare(requiring: SettingsRequirement.forServe)
            let server = try await WebhookServer(settings: settings, logger: logger)
            try await server.run()
            logger.notice("stopped")
        }
    }
}
