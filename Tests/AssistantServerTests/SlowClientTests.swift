import AssistantTesting
import Foundation
import MarketEngine
import NIOHTTP1
import Testing

@testable import AssistantServer

/// Slowloris against the built binary: 200 connections that dribble their headers a byte
/// at a time, announce a body and never finish it, start a chunked body without its end,
/// or say nothing. Each is disconnected once `HTTP_REQUEST_TIMEOUT_S` passes, a normal
/// client is served meanwhile, and afterwards the process holds no extra descriptors.
@Suite struct SlowClientTests {
    static let connections = 200

    @Test func slowClientsAreDisconnectedAfterTheTimeoutAndLeaveNothingBehind() async throws {
        let folder = try TemporaryFolder()
        try await withChild(
            ["serve"],
            environment: [
                "WEBHOOK_SECRET": testSecret, "LISTEN_PORT": "0", "DATABASE_PATH": folder.path + "/db.sqlite",
                "HTTP_REQUEST_TIMEOUT_S": "1",
            ].merging(exchangeURLs(at: "http://127.0.0.1:9")) { first, _ in first }
        ) { (child) async throws in
            let listening = try #require(await child.line(containing: "listening"), "\(child.output)")
            let port = try #require(ExecutableTests.port(fromListeningLine: listening))
            let pid = child.process.processIdentifier
            let client = try TestClient()
            let health = "http://127.0.0.1:\(port)/healthz"
            #expect(try await client.request(health).status == 200)
            try await client.shutdown()  // its pooled connection would count as a descriptor
            let baseFiles = ProcessProbe.openFiles(of: pid)
            let baseResident = ProcessProbe.residentKiB(of: pid)

            let head =
                "POST /telegram/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Telegram-Bot-Api-Secret-Token: \(testSecret)\r\n"
            let scripts: [[UInt8]] = [
                Array((head + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n").utf8),
                Array((head + "Content-Length: 1000\r\n\r\n{\"update_id\":1").utf8)
                    + Array(repeating: 0x20, count: 200),
                Array((head + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"upd\r\n").utf8) + Array("40\r\n".utf8),
                [],
            ]
            var open: [(connection: RawConnection, script: [UInt8], sent: Int)] = []
            for index in 0..<Self.connections {
                open.append((try RawConnection(port: port), scripts[index % scripts.count], 0))
            }
            // One byte per connection every 50 ms: each keeps "making progress", as slowloris does.
            let deadline = ContinuousClock.now + .seconds(20)
            var servedMeanwhile = false
            while open.contains(where: { !$0.connection.isClosed }), ContinuousClock.now < deadline {
                for index in open.indices where !open[index].connection.isClosed {
                    if open[index].sent < open[index].script.count {
                        open[index].connection.send([open[index].script[open[index].sent]])
                        open[index].sent += 1
                    }
                    open[index].connection.poll()
                }
                if !servedMeanwhile {
                    let other = try TestClient()
                    servedMeanwhile = try await other.request(health).status == 200
                    try await other.shutdown()
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            let lifetimes = open.compactMap { entry in entry.connection.closedAtOffset }
            #expect(lifetimes.count == Self.connections, "\(Self.connections - lifetimes.count) still open")
            #expect(servedMeanwhile)
            // Closed by the timeout, not at once and not much later.
            #expect(lifetimes.min().map { $0 >= .milliseconds(900) } == true, "\(lifetimes.min()!)")
            #expect(lifetimes.max().map { $0 <= .seconds(8) } == true, "\(lifetimes.max()!)")
            open.removeAll()

            let filesReleased = await eventually { ProcessProbe.openFiles(of: pid) <= baseFiles }
            #expect(filesReleased, "\(ProcessProbe.openFiles(of: pid)) open, \(baseFiles) before")
            let resident = ProcessProbe.residentKiB(of: pid)
            #expect(resident - baseResident < 8 * 1024, "RSS \(baseResident) → \(resident) KiB")
            let metricsClient = try TestClient()
            let metrics = try await metricsClient.request("http://127.0.0.1:\(port)/metrics").body
            try await metricsClient.shutdown()
            let closedLine = metrics.split(separator: "\n").first {
                $0.hasPrefix(#"crypto_assistant_connections_closed_total{reason="request_timeout"}"#)
            }
            // The 200, and possibly an idle keep-alive connection of the test's own clients.
            let closedCount = closedLine.flatMap { $0.split(separator: " ").last.flatMap { Int($0) } } ?? 0
            #expect(closedCount >= Self.connections, "\(closedLine ?? "no metric")")
            kill(pid, SIGTERM)
            #expect(await child.status(within: .seconds(30)) == 0)
            withExtendedLifetime(folder) {}
        }
    }

    /// The clock starts before TLS: a client that never finishes its handshake is dropped too,
    /// and one that does is served.
    @Test func stalledTLSHandshakesAreDisconnected() async throws {
        let folder = try TemporaryFolder()
        let (cert, key) = try await makeCertificate(in: folder.path)
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)
        settings.tlsCertFile = cert
        settings.tlsKeyFile = key
        // 3 s: a real client's handshake and request must fit even on a machine busy with every
        // other test (2 s did not under AddressSanitizer).
        settings.requestTimeoutSeconds = 3
        let server = try await RunningServer.start(settings)
        let port = await server.server.listeningPort()
        // A ClientHello record header promising 512 bytes, then silence; and plain silence.
        let connections = try (0..<20).map { index in
            let connection = try RawConnection(port: port)
            if index.isMultiple(of: 2) { connection.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]) }
            return connection
        }
        let closed = await eventually(within: .seconds(15)) {
            for connection in connections { connection.poll() }
            return connections.allSatisfy(\.isClosed)
        }
        #expect(closed)
        #expect(connections.compactMap(\.closedAtOffset).allSatisfy { $0 >= .milliseconds(2_900) })
        #expect(server.server.components.counters.value(.slowConnectionsClosed) == 20)
        let client = try TestClient(trusting: try String(contentsOfFile: cert, encoding: .utf8))
        let health = await Result { try await client.request(server.baseURL + "/healthz") }
        try await client.shutdown()
        #expect((try? health.get())?.status == 200, "\(health)")
        try await server.stop()
        withExtendedLifetime(folder) {}
    }
}

extension RawConnection {
    var closedAtOffset: Duration? { closedAt.map { $0 - opened } }
}
