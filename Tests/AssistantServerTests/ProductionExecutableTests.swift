import AssistantTesting
import Foundation
import NIOHTTP1
import Testing

@testable import AssistantServer

/// The production behaviours of the binary itself: JSON logs, SIGHUP, the store at start-up.
extension ExecutableTests {
    static func port(fromListeningLine line: String) -> Int? {
        line.split(separator: ":").last?.split(separator: "/").first.flatMap { Int($0) }
    }

    @Test func jsonLogsCarryUpdateChatCommandExchangeAndDuration() async throws {
        let folder = try TemporaryFolder()
        // Nothing listens on port 9: every exchange request is refused at once.
        try await withChild(
            ["serve"],
            environment: [
                "WEBHOOK_SECRET": testSecret, "LISTEN_PORT": "0", "DATABASE_PATH": folder.path + "/db.sqlite",
                "LOG_FORMAT": "json",
            ].merging(exchangeURLs(at: "http://127.0.0.1:9")) { first, _ in first }
        ) { (child) async throws in
            let listening = try #require(await child.line(containing: #""message":"listening""#), "\(child.output)")
            let port = try #require(Self.port(fromListeningLine: listening.replacingOccurrences(of: "\"", with: "")))
            let client = try TestClient()
            for (id, text) in [(77, "/start"), (78, "/price BTC")] {
                let answer = try await client.request(
                    "http://127.0.0.1:\(port)/telegram/webhook", method: .POST,
                    body: Array(messageUpdate(id: Int64(id), chat: 4242, text: text).utf8),
                    headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret), ("Content-Type", "application/json")])
                #expect(answer.status == 200)
            }
            let handled = try #require(await child.line(containing: #""update_id":78"#), "\(child.output)")
            let failed = try #require(await child.line(containing: #""exchange":"binance""#), "\(child.output)")
            kill(child.process.processIdentifier, SIGTERM)
            #expect(await child.status() == 0)

            // Every line is one JSON object with the common fields.
            for line in child.output.split(separator: "\n") {
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
                #expect(object["timestamp"] is String && object["level"] is String && object["message"] is String)
            }
            let update = try #require(try JSONSerialization.jsonObject(with: Data(handled.utf8)) as? [String: Any])
            #expect(update["message"] as? String == "update handled")
            #expect(update["update_id"] as? Int == 78)
            #expect(update["chat"] as? Int == 4242)
            #expect(update["command"] as? String == "price")
            #expect(update["duration"] is Double || update["duration"] is Int)
            let upstream = try #require(try JSONSerialization.jsonObject(with: Data(failed.utf8)) as? [String: Any])
            #expect(upstream["level"] as? String == "warning")
            #expect((upstream["error"] as? String)?.contains("connection refused") == true)
            try await client.shutdown()
        }
    }

    @Test func sighupReloadsTheCertificateWithoutARestart() async throws {
        let folder = try TemporaryFolder()
        let live = try await makeCertificate(in: folder.path)
        try await withChild(
            ["serve"],
            environment: [
                "WEBHOOK_SECRET": testSecret, "LISTEN_PORT": "0", "DATABASE_PATH": folder.path + "/db.sqlite",
                "TLS_CERT_FILE": live.cert, "TLS_KEY_FILE": live.key,
            ]
        ) { (child) async throws in
            let listening = try #require(await child.line(containing: "listening"), "\(child.output)")
            let port = try #require(Self.port(fromListeningLine: listening))

            let renewedFolder = folder.path + "/renewed"
            try FileManager.default.createDirectory(atPath: renewedFolder, withIntermediateDirectories: true)
            let renewed = try await makeCertificate(in: renewedFolder)
            let newPEM = try String(contentsOfFile: renewed.cert, encoding: .utf8)
            try CertificateReloadTests.install(renewed, as: live)
            kill(child.process.processIdentifier, SIGHUP)
            _ = try #require(await child.line(containing: "TLS certificate reloaded"), "\(child.output)")

            let client = try TestClient(trusting: newPEM)
            #expect(try await client.request("https://127.0.0.1:\(port)/healthz").status == 200)
            try await client.shutdown()
            kill(child.process.processIdentifier, SIGTERM)
            #expect(await child.status() == 0)
            withExtendedLifetime(folder) {}  // the certificate files live there until the end
        }
    }

    @Test func corruptDatabaseStopsStartUpWithOneClearLine() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/db.sqlite"
        try String(repeating: "this is not a database\n", count: 400).write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try await run(
            ["serve"], environment: ["WEBHOOK_SECRET": testSecret, "LISTEN_PORT": "0", "DATABASE_PATH": path])
        #expect(result.status == 78)
        #expect(
            result.output.contains("DATABASE_PATH \(path) is not a SQLite database or is corrupt"), "\(result.output)")
        #expect(!result.output.contains("\n"), "one line: \(result.output)")
    }

    @Test func readOnlyDatabaseStopsStartUpWithOneClearLine() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/db.sqlite"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))  // an empty file is an empty database
        var arguments = [Self.binary, "serve", "--env-file", "/nonexistent/.env"]
        var executable = Self.binary
        if getuid() == 0 {
            // Root writes anywhere: run as nobody, for whom the root-owned file is read-only.
            executable = "/usr/bin/setpriv"
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups"] + arguments
            chmod(folder.path, 0o755)
            chmod(path, 0o644)
        } else {
            arguments.removeFirst()
            chmod(path, 0o444)
        }
        let result = try await runTool(
            arguments, executable: executable,
            environment: [
                "PATH": "/usr/bin:/bin", "WEBHOOK_SECRET": testSecret, "LISTEN_PORT": "0", "DATABASE_PATH": path,
            ])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("DATABASE_PATH \(path) is read-only"), "\(result.output)")
    }
}

extension ExecutableTests {
    @Test func healthExitsZeroWhileServeAnswersAndOneOtherwise() async throws {
        let folder = try TemporaryFolder()
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)
        settings.listenHost = "127.0.0.1"
        let server = try await RunningServer.start(settings)
        let port = try #require(server.baseURL.split(separator: ":").last.map(String.init))
        // The server runs in this process, beside every other test: on two cores under the
        // whole suite its answer took longer than the default 3 s.
        let healthy = try await run(["health", "--timeout", "30"], environment: ["LISTEN_PORT": port])
        #expect(healthy.status == 0, "\(healthy.output)")
        #expect(healthy.output.contains("healthy: http://127.0.0.1:\(port)/healthz"))
        try await server.stop()
        let down = try await run(["health"], environment: ["LISTEN_PORT": port])
        #expect(down.status == 1, "\(down.output)")
        #expect(down.output.contains("unhealthy"))
    }
}
