import ArgumentParser
import AssistantCore
import AssistantServer
import AsyncHTTPClient
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

struct Webhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register, remove or inspect the bot's webhook with Telegram.",
        subcommands: [Set.self, Delete.self, Info.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "setWebhook with PUBLIC_URL + WEBHOOK_PATH and WEBHOOK_SECRET, then setMyCommands.")

        @OptionGroup var options: SettingsOptions
        @Option(help: "Most simultaneous connections Telegram opens (1–100).")
        var maxConnections: Int = 40
        @Flag(help: "Discard updates waiting at Telegram.")
        var dropPendingUpdates = false
        @Option(help: "PEM certificate to upload (default: TLS_CERT_FILE when it is self-signed).")
        var certificate: String?
        @Flag(help: "Never upload a certificate.")
        var noCertificate = false

        func run() async throws {
            try await reportingFailures {
                let settings = try await options.load()
                let missing = SettingsRequirement.forWebhookSet(settings)
                guard missing.isEmpty else { throw Failure.configuration(missing) }
                guard (1...100).contains(maxConnections) else {
                    throw Failure.message("--max-connections must be from 1 to 100", code: 64)
                }
                let upload = try certificateToUpload(settings)
                let url = settings.publicURL! + settings.webhookPath
                try await withBotClient(settings) { client in
                    try await client.setWebhook(
                        SetWebhookRequest(
                            url: url, secretToken: settings.webhookSecret!, allowedUpdates: Settings.allowedUpdates,
                            maxConnections: maxConnections, dropPendingUpdates: dropPendingUpdates,
                            certificatePEM: upload.map { Array($0.pem.utf8) }))
                    // English for everyone, and each other language for the people whose
                    // Telegram speaks it.
                    for language in Language.allCases {
                        try await client.setMyCommands(
                            HelpRenderer.menu(CommandCatalog.descriptors, in: language),
                            languageCode: language == .english ? nil : language.rawValue)
                    }
                    print("webhook set: \(url)")
                    print("certificate uploaded: \(upload.map { "yes (\($0.path))" } ?? "no")")
                    print(
                        "commands registered: \(CommandCatalog.descriptors.count) in \(Language.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            }
        }

        func certificateToUpload(_ settings: Settings) throws -> (path: String, pem: String)? {
            if noCertificate { return nil }
            if let certificate {
                return (certificate, try read(certificate))
            }
            guard let path = settings.tlsCertFile else { return nil }
            let pem = try read(path)
            do {
                return try CertificateInspector.isSelfSigned(pem: pem) ? (path, pem) : nil
            } catch {
                throw Failure.message("TLS_CERT_FILE (\(path)): \(error)", code: 78)
            }
        }

        func read(_ path: String) throws -> String {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure.message("certificate \(path) cannot be read", code: 66)
            }
            return text
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "deleteWebhook (needed before `poll`).")

        @OptionGroup var options: SettingsOptions
        @Flag(help: "Discard updates waiting at Telegram.")
        var dropPendingUpdates = false

        func run() async throws {
            try await reportingFailures {
                let settings = try await options.load()
                try await withBotClient(settings) { client in
                    try await client.deleteWebhook(dropPendingUpdates: dropPendingUpdates)
                    print("webhook deleted\(dropPendingUpdates ? "; pending updates dropped" : "")")
                }
            }
        }
    }

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "getWebhookInfo, printed readably.")

        @OptionGroup var options: SettingsOptions

        func run() async throws {
            try await reportingFailures {
                let settings = try await options.load()
                try await withBotClient(settings) { client in
                    print(WebhookInfoText.render(try await client.getWebhookInfo()))
                }
            }
        }
    }
}

/// Runs `body` with a Bot API client, shutting the HTTP client down afterwards; API errors
/// become one line and exit code 1.
func withBotClient(_ settings: Settings, _ body: (BotAPIClient) async throws -> Void) async throws {
    let missing = SettingsRequirement.forBotAPI(settings)
    guard missing.isEmpty, let token = settings.botToken else { throw Failure.configuration(missing) }
    let http = HTTPClient.makeOutbound()
    let client = BotAPIClient(httpClient: http, baseURL: settings.telegramAPIURL, token: token)
    do {
        try await body(client)
        try await http.shutdown()
    } catch let error as BotAPIError {
        try? await http.shutdown()
        throw Failure.message("\(error)", code: 1)
    } catch {
        try? await http.shutdown()
        throw error
    }
}
