import AssistantCore
import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import NIOHTTP1
import Synchronization
import Testing

@testable import AssistantServer

/// The built `crypto-assistant` binary, run as a user runs it.
@Suite struct ExecutableTests {
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["CRYPTO_ASSISTANT_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/crypto-assistant").path
    }()

    /// A long-running child (`serve`) whose output is read line by line as it comes; tests
    /// wait for a line or for the exit, never for end-of-file.
    final class Child: Sendable {
        let process: SpawnedProcess
        private let log = LineLog()
        private let stream: AsyncStream<String>

        /// `crypto-assistant` with `arguments` (no `.env`), or another program when `executable` is given.
        init(_ arguments: [String], environment: [String: String], executable: String? = nil) async throws {
            let path = executable ?? ExecutableTests.binary
            try #require(FileManager.default.isExecutableFile(atPath: path), "build first: \(path)")
            let continuation: AsyncStream<String>.Continuation
            (stream, continuation) = AsyncStream.makeStream(of: String.self)
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw POSIXError(.EMFILE) }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            defer { close(ends[1]) }  // the child has its copy; end-of-file comes when it exits
            do {
                process = try SpawnedProcess(
                    path, arguments: executable == nil ? arguments + ["--env-file", "/nonexistent/.env"] : arguments,
                    environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }, output: ends[1])
            } catch {
                close(ends[0])
                throw error
            }
            Self.readLines(from: ends[0], into: log, continuation)
        }

        /// Reads the child's output on a thread of its own with blocking `read(2)` until
        /// end-of-file, then closes the descriptor. Not `FileHandle.readabilityHandler`, whose
        /// `availableData` on a dispatch source has its own open memory bug on Linux
        /// (swift-corelibs-foundation SR-12079).
        private static func readLines(
            from descriptor: Int32, into log: LineLog, _ continuation: AsyncStream<String>.Continuation
        ) {
            let reader = Thread {
                var buffer = [UInt8](repeating: 0, count: 16 * 1024)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    for line in log.append(Data(buffer[..<count])) { continuation.yield(line) }
                }
                close(descriptor)
                continuation.finish()
            }
            reader.start()
        }

        /// The first output line containing `text`; nil if the output ended without it.
        func line(containing text: String) async -> String? {
            if let seen = log.lines.first(where: { $0.contains(text) }) { return seen }
            for await line in stream where line.contains(text) { return line }
            return nil
        }

        func status() async -> Int32 {
            await process.status()
        }

        /// The exit status, or nil (and the process killed) when it has not exited in time.
        func status(within limit: Duration) async -> Int32? {
            await withTaskGroup(of: Int32?.self) { group in
                group.addTask { await self.status() }
                group.addTask {
                    try? await Task.sleep(for: limit)
                    return nil
                }
                let first = await group.next() ?? nil
                if first == nil { kill(self.process.processIdentifier, SIGKILL) }
                group.cancelAll()
                return first
            }
        }

        var output: String { log.lines.joined(separator: "\n") }
    }

    /// Output split into lines as it arrives.
    final class LineLog: Sendable {
        private let state = Mutex<(lines: [String], partial: String)>(([], ""))

        var lines: [String] { state.withLock { $0.lines } }

        /// Adds a chunk; returns the lines it completed.
        func append(_ data: Data) -> [String] {
            state.withLock { state in
                state.partial += String(decoding: data, as: UTF8.self)
                var parts = state.partial.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                state.partial = parts.removeLast()
                state.lines += parts
                return parts
            }
        }
    }

    /// Runs a subcommand to completion.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String)
    {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: \(Self.binary)")
        let result = try await runTool(
            arguments + ["--env-file", "/nonexistent/.env"], executable: Self.binary,
            environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
        return (result.status, result.output.trimmingCharacters(in: .newlines))
    }

    @Test func serveWithoutSecretStopsWithOneLineNamingIt() async throws {
        let result = try await run(["serve"])
        #expect(result.status == 78)
        #expect(result.output.split(separator: "\n").count == 1)
        #expect(result.output.contains("WEBHOOK_SECRET"))
    }

    @Test func badSettingStopsStartUpWithoutEchoingIt() async throws {
        let result = try await run(["serve"], environment: ["WEBHOOK_SECRET": "s", "LISTEN_PORT": "eighty"])
        #expect(result.status == 78)
        #expect(result.output.contains("LISTEN_PORT"))
        #expect(!result.output.contains("eighty"))
    }

    @Test func configCheckMasksSecrets() async throws {
        let result = try await run(
            ["config", "check"], environment: ["TELEGRAM_BOT_TOKEN": testToken, "WEBHOOK_SECRET": testSecret])
        #expect(result.status == 0)
        #expect(!result.output.contains(testSecret))
        #expect(!result.output.contains(testToken))
        #expect(result.output.contains("serve: ready"))
        #expect(result.output.contains("poll: ready"))
    }

    @Test func askRunsTheDispatcher() async throws {
        let folder = try TemporaryFolder()
        let environment = ["DATABASE_PATH": folder.path + "/db.sqlite"]
        let result = try await run(["ask", "/help"], environment: environment)
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("Commands\n/start"))
        #expect(result.output.contains("/pnl [today|7d|30d]"))
        #expect(result.output.contains("/settings [exchange NAME|default]"))
    }

    @Test func askHasTheChatsSettingsInTheSameStoreAsServe() async throws {
        let folder = try TemporaryFolder()
        let environment = ["DATABASE_PATH": folder.path + "/db.sqlite"]
        let set = try await run(["ask", "/settings exchange okx"], environment: environment)
        #expect(set.status == 0)
        #expect(set.output.hasPrefix("Saved. Default exchange for market commands: OKX."), "\(set.output)")
        let shown = try await run(["ask", "/settings"], environment: environment)
        #expect(shown.output.hasPrefix("Default exchange for market commands: OKX."), "\(shown.output)")
        let store = try SQLiteStore(path: folder.path + "/db.sqlite")
        #expect(try await store.preferences.preferences(for: 1).exchange == .okx, "chat 1, ask's default")
        try store.close()
    }

    @Test func webhookSetUploadsASelfSignedCertificateAndRegistersCommands() async throws {
        let folder = try TemporaryFolder()
        let (cert, key) = try await makeCertificate(in: folder.path)
        let simulator = await RunningSimulator.start()
        let environment = [
            "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": simulator.url, "WEBHOOK_SECRET": testSecret,
            "PUBLIC_URL": "https://203.0.113.10:8443", "TLS_CERT_FILE": cert, "TLS_KEY_FILE": key,
        ]
        let set = try await run(["webhook", "set", "--drop-pending-updates"], environment: environment)
        #expect(set.status == 0, "\(set.output)")
        let webhook = try #require(await simulator.telegram.webhook)
        #expect(webhook.url == "https://203.0.113.10:8443/telegram/webhook")
        #expect(webhook.secretToken == testSecret)
        #expect(webhook.allowedUpdates == Settings.allowedUpdates)
        #expect(webhook.certificate == (try String(contentsOfFile: cert, encoding: .utf8)))
        #expect(await simulator.telegram.commands == CommandCatalog.descriptors.map(\.name))
        #expect(await simulator.telegram.commands.contains("settings"))
        // The default menu in English, and one for each other language's speakers.
        let menus = await simulator.telegram.commandMenus
        #expect(Set(menus.keys) == ["", "ru", "es", "zh"])
        for (code, menu) in menus {
            #expect(menu.map(\.command) == CommandCatalog.descriptors.map(\.name), "\(code)")
            let language = Language(languageCode: code)
            #expect(menu.first { $0.command == "price" }?.description == language.phrases.summaryPrice, "\(code)")
        }
        #expect(
            menus["ru"]?.first { $0.command == "alert" }?.description
                != menus[""]?.first { $0.command == "alert" }?.description)
        #expect(!set.output.contains(testSecret) && !set.output.contains(testToken))

        let info = try await run(["webhook", "info"], environment: environment)
        #expect(info.status == 0)
        #expect(info.output.contains("url:                  https://203.0.113.10:8443/telegram/webhook"))
        #expect(info.output.contains("custom certificate:   yes"))

        let delete = try await run(["webhook", "delete"], environment: environment)
        #expect(delete.status == 0)
        #expect(await simulator.telegram.webhook == nil)
        await simulator.stop()
    }

    @Test func wrongTokenIsAClearErrorWithoutTheToken() async throws {
        let simulator = await RunningSimulator.start()
        let other = "999999:WRONG-token-abcdefghijklmnopqrst"
        let result = try await run(
            ["webhook", "info"], environment: ["TELEGRAM_BOT_TOKEN": other, "TELEGRAM_API_URL": simulator.url])
        #expect(result.status == 1)
        #expect(result.output.contains("401 Unauthorized"))
        #expect(!result.output.contains(other))
        await simulator.stop()
    }

    @Test func sigtermDrainsInFlightRepliesAndExitsZero() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        // Each send takes 700 ms at the "Bot API", so SIGTERM arrives while they are in flight.
        await simulator.telegram.inject(.init(method: "sendMessage", status: 200, count: 3, delayMilliseconds: 700))
        try await withChild(
            ["serve"],
            environment: [
                "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": simulator.url, "WEBHOOK_SECRET": testSecret,
                "LISTEN_PORT": "0", "DATABASE_PATH": folder.path + "/db.sqlite", "INLINE_REPLY_BUDGET_MS": "0",
            ]
        ) { (child) async throws in
            let listening = try #require(await child.line(containing: "listening"), "\(child.output)")
            let port = try #require(
                listening.split(separator: ":").last?.split(separator: "/").first.flatMap { Int($0) })

            let client = try TestClient()
            for chat in 1...3 {
                let answer = try await client.request(
                    "http://127.0.0.1:\(port)/telegram/webhook", method: .POST,
                    body: Array(messageUpdate(id: Int64(chat), chat: Int64(chat), text: "/help").utf8),
                    headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret), ("Content-Type", "application/json")])
                #expect(answer.status == 200)
            }
            kill(child.process.processIdentifier, SIGTERM)
            #expect(await child.status() == 0)
            let delivered = await simulator.telegram.recorded(method: "sendMessage").filter { $0.status == 200 }
            #expect(delivered.count == 3, "\(child.output)")
            try await client.shutdown()
            await simulator.stop()
        }
    }
}
