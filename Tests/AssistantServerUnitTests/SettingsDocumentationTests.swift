import AssistantTesting
import Foundation
import Testing

@testable import AssistantServer

/// README's settings table and `.env.example` are what `SettingsTable` makes of them, to the
/// byte: these fail until `make docs` has written them again after a change to the table.
@Suite struct SettingsDocumentationTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: repositoryRoot + "/" + path, encoding: .utf8)
    }

    @Test func readmeHasTheGeneratedTable() throws {
        let readme = try Self.read("README.md")
        let generated = try SettingsDocumentation.readme(updating: readme)
        expectSame(readme, generated, file: "README.md")
    }

    @Test func environmentExampleIsTheGeneratedOne() throws {
        expectSame(try Self.read(".env.example"), SettingsDocumentation.environmentExample(), file: ".env.example")
    }

    /// Only the part between the markers is replaced, markers included; a change in a row or a
    /// README without markers is noticed.
    @Test func updatingReplacesOnlyTheTable() throws {
        let table = SettingsDocumentation.readmeTable()
        let stale = "# Title\n\nBefore.\n\n<!-- settings:begin -->\n| old |\n<!-- settings:end -->\n\nAfter.\n"
        #expect(try SettingsDocumentation.readme(updating: stale) == "# Title\n\nBefore.\n\n\(table)\n\nAfter.\n")
        let current = "Before.\n\(table)\nAfter."
        #expect(try SettingsDocumentation.readme(updating: current) == current)
        let edited = current.replacingOccurrences(of: "Path of the webhook route.", with: "Path of the route.")
        #expect(edited != current)
        #expect(try SettingsDocumentation.readme(updating: edited) == current)
        #expect(throws: SettingsDocumentation.MissingMarkers.self) {
            try SettingsDocumentation.readme(updating: "# Title\n| name | default | meaning |\n")
        }
    }

    /// One row per setting, names in backticks, "Secret." on exactly the secrets; a `|` in a
    /// meaning is escaped so that the row keeps its three cells.
    @Test func readmeTableRows() throws {
        let rows = SettingsDocumentation.readmeTable().split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == SettingsTable.settings.count)
        for (row, setting) in zip(rows, SettingsTable.settings) {
            #expect(row.hasPrefix("| " + setting.names.map { "`\($0)`" }.joined(separator: ", ") + " | "))
            #expect(row.hasSuffix(" Secret. |") == setting.isSecret, "\(row)")
            #expect(row.replacingOccurrences(of: "\\|", with: "").split(separator: "|").count == 3, "\(row)")
        }
        let account = try #require(rows.first { $0.hasPrefix("| `API_ACCOUNT_ENDPOINTS`") })
        #expect(account.contains("period=today\\|7d\\|30d"))
    }

    /// Every name has exactly one line in `.env.example`; the lines that are set are the ones
    /// `make run` starts with, and the Makefile's `.env` target finds `WEBHOOK_SECRET=` to
    /// replace.
    @Test func environmentExampleLoadsAsTheSettingsMakeRunUses() async throws {
        let example = SettingsDocumentation.environmentExample()
        let lines = example.split(separator: "\n").map(String.init)
        for name in SettingsTable.settings.flatMap(\.names) {
            let assignments = lines.filter { $0.hasPrefix(name + "=") || $0.hasPrefix("# \(name)=") }
            #expect(assignments.count == 1, "\(name): \(assignments)")
        }
        #expect(lines.filter { $0.hasPrefix("WEBHOOK_SECRET=") } == ["WEBHOOK_SECRET=change-me"])

        let folder = try TemporaryFolder()
        try example.write(toFile: folder.path + "/.env", atomically: true, encoding: .utf8)
        let settings = try await SettingsLoader.load(environmentFile: folder.path + "/.env", environment: [:])
        #expect(settings.webhookSecret == "change-me")
        #expect(settings.listenPort == 8443 && settings.listenHost == "127.0.0.1")
        #expect(settings.tlsCertFile == "certs/dev-cert.pem" && settings.tlsKeyFile == "certs/dev-key.pem")
        #expect(settings.botToken == nil && settings.adminChatIDs.isEmpty)
        #expect(SettingsRequirement.forServe(settings).isEmpty)
    }

    /// A commented-out line that shows a default shows the one `Settings` has.
    @Test func commentedDefaultsAreTheRealDefaults() throws {
        let lines = SettingsDocumentation.environmentExample().split(separator: "\n")
        for (line, expected) in [
            ("# TELEGRAM_API_URL=", "https://api.telegram.org"), ("# MAX_QUEUED_UPDATES=", "1024"),
            ("# EXCHANGE_TIMEOUT_MS=", "5000"), ("# TELEGRAM_IP_ALLOWLIST=", "false"),
            ("LOG_LEVEL=", "info"), ("DATABASE_PATH=", "data/crypto-assistant.sqlite"),
        ] {
            let found = try #require(lines.first { $0.hasPrefix(line) })
            let value = found.dropFirst(line.count).split(separator: " ").first.map(String.init) ?? ""
            #expect(value == expected, "\(found)")
        }
    }

    /// On a difference, the first line that differs and the way to fix it.
    private func expectSame(
        _ actual: String, _ generated: String, file: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard actual != generated else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let generatedLines = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let index =
            zip(actualLines, generatedLines).enumerated().first { $1.0 != $1.1 }?.offset
            ?? min(actualLines.count, generatedLines.count)
        let has = index < actualLines.count ? String(actualLines[index]) : "(end of file)"
        let wants = index < generatedLines.count ? String(generatedLines[index]) : "(end of file)"
        Issue.record(
            "\(file) differs from the settings table at line \(index + 1): run `make docs`.\n  has:   \(has)\n  table: \(wants)",
            sourceLocation: sourceLocation)
    }
}
