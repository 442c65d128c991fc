import AssistantCore
import AssistantTesting
import AsyncHTTPClient
import Dispatch
import Foundation
import Logging
import MarketEngine
import MarketSimulator
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// The Bot API simulator on a loopback port, running for the length of a test.
struct RunningSimulator {
    let server: SimulatorServer
    let task: Task<Void, any Error>
    let url: String
    /// The streams' listener (`ws://127.0.0.1:PORT`).
    let streamsURL: String
    var telegram: TelegramSimulator { server.telegram }

    static func start() async -> RunningSimulator {
        var logger = Logger(label: "market-sim")
        logger.logLevel = .warning
        let server = SimulatorServer(botToken: testToken, logger: logger)
        let task = Task { try await server.run() }
        let port = await server.port()
        return RunningSimulator(
            server: server, task: task, url: "http://127.0.0.1:\(port)",
            streamsURL: "ws://127.0.0.1:\(await server.streamPort())")
    }

    func stop() async {
        await server.stop()
        _ = try? await task.value
    }

    /// Every exchange's URL setting pointed at this simulator.
    var exchangeEnvironment: [String: String] { exchangeURLs(at: url, streams: streamsURL) }
}

/// Every exchange's URL setting (`BINANCE_SPOT_URL` … `MEXC_FUTURES_URL`, the `*_WS_URL`s) at `url`: the
/// simulator's, or a refusing port, so that no test sends a request beyond loopback.
func exchangeURLs(at url: String, streams: String = "ws://127.0.0.1:9") -> [String: String] {
    // Streams off unless a test turns them on: the other tests count REST requests and
    // script REST faults.
    Dictionary(
        uniqueKeysWithValues: (MarketEngine.Endpoints(allAt: url).settings + StreamVenue.simulatorSettings(at: streams))
            .map {
                ($0.name, $0.value)
            } + [("STREAMS", "off")])
}

/// `serve` in this process, on a loopback port, with settings for the test.
struct RunningServer {
    let server: WebhookServer
    let task: Task<Void, any Error>
    let baseURL: String

    static func start(
        _ settings: Settings, extraHandlers: [any CommandHandler] = [], pacer: PacingPolicy = .unthrottled
    ) async throws -> RunningServer {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let server = try await WebhookServer(
            settings: settings, logger: logger, options: .init(extraHandlers: extraHandlers, pacerPolicy: pacer),
            signals: [])
        let task = Task { try await server.run() }
        let port = await server.listeningPort()
        try #require(port > 0, "server did not start")
        return RunningServer(
            server: server, task: task, baseURL: "\(settings.usesTLS ? "https" : "http")://127.0.0.1:\(port)")
    }

    func stop() async throws {
        await server.shutdown()
        try await task.value
    }
}

extension Settings {
    static func forTest(database: String, simulator: RunningSimulator?) -> Settings {
        var settings = Settings()
        settings.listenHost = "127.0.0.1"
        // Never a real exchange's stream: off, and at a refusing address until a simulator is given.
        settings.streams = .off
        settings.streamURLs = StreamURLs(simulatorAt: "ws://127.0.0.1:1")
        settings.listenPort = 0
        settings.webhookSecret = testSecret
        settings.databasePath = database
        settings.botUsername = "MarketAssistDemoBot"
        if let simulator {
            settings.botToken = testToken
            settings.telegramAPIURL = simulator.url
            settings.exchangeEndpoints = MarketEngine.Endpoints(allAt: simulator.url)
            settings.streamURLs = StreamURLs(simulatorAt: simulator.streamsURL)
            settings.streams = .off
        }
        return settings
    }
}

extension PacingPolicy {
    /// Telegram's pacing would make ordering tests take seconds; the mechanism is the same.
    static let unthrottled = PacingPolicy(
        chatInterval: .milliseconds(1), chatBurst: 1000, groupInterval: .milliseconds(1), groupBurst: 1000,
        globalInterval: .microseconds(10), globalBurst: 1000)
}

/// A plain HTTP(S) client for the tests' requests.
struct TestClient {
    let http: HTTPClient

    init(trusting certificatePEM: String? = nil) throws {
        var configuration = HTTPClient.Configuration()
        if let certificatePEM {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)))
            configuration.tlsConfiguration = tls
        }
        configuration.httpVersion = .automatic
        // A refused connection or failed handshake is an answer for a test, not a reason to wait.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    struct Answer {
        var status: Int
        var body: String
        var httpVersion: HTTPVersion
    }

    func request(
        _ url: String, method: HTTPMethod = .GET, body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 4 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: buffer), httpVersion: response.version)
    }

    func postUpdate(
        _ json: String, to server: RunningServer, path: String = "/telegram/webhook", secret: String? = testSecret
    ) async throws -> Answer {
        var headers = [("Content-Type", "application/json")]
        if let secret { headers.append(("X-Telegram-Bot-Api-Secret-Token", secret)) }
        return try await request(server.baseURL + path, method: .POST, body: Array(json.utf8), headers: headers)
    }

    func shutdown() async throws {
        try await http.shutdown()
    }
}

/// The simulator, `serve` in process, and a client: the parts most webhook tests need.
/// Replies go through the Bot API (inline budget 0) so the simulator sees every one.
struct WebhookBench {
    let folder: TemporaryFolder
    let simulator: RunningSimulator
    let server: RunningServer
    let client: TestClient

    var telegram: TelegramSimulator { simulator.telegram }
    var counters: PipelineCounters { server.server.components.counters }

    static func start(
        extraHandlers: [any CommandHandler] = [], beforeStart: (RunningSimulator) async -> Void = { _ in },
        configure: (inout Settings) -> Void = { _ in }
    ) async throws -> WebhookBench {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        await beforeStart(simulator)
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        settings.inlineReplyBudgetMilliseconds = 0
        configure(&settings)
        let server = try await RunningServer.start(settings, extraHandlers: extraHandlers)
        return WebhookBench(folder: folder, simulator: simulator, server: server, client: try TestClient())
    }

    func post(_ json: String, secret: String? = testSecret, path: String = "/telegram/webhook") async throws -> Int {
        try await client.postUpdate(json, to: server, path: path, secret: secret).status
    }

    func finish() async throws {
        try await client.shutdown()
        try await server.stop()
        await simulator.stop()
    }
}

// MARK: Scoped fixtures: the teardown runs whatever the body did, also when it throws early
// (a failed `#require`), so no test leaves a server, a simulator or a child running.
// Write the body as `{ (bench) async throws in … }`: a closure whose only `try`s sit inside
// `#expect(…)` is otherwise inferred not to throw, and the expectations do not compile.

/// Runs `body`, then `cleanup`; `cleanup` runs also when `body` throws.
func afterwards(_ cleanup: () async -> Void, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
}

/// The simulator (exchanges and Bot API) for the length of `body`.
func withSimulator(_ body: (RunningSimulator) async throws -> Void) async throws {
    let simulator = await RunningSimulator.start()
    try await afterwards({ await simulator.stop() }) { try await body(simulator) }
}

/// `serve` in this process with `settings` and a client for it, for the length of `body`.
func withServer(
    _ settings: Settings, extraHandlers: [any CommandHandler] = [], pacer: PacingPolicy = .unthrottled,
    trusting certificate: String? = nil, _ body: (RunningServer, TestClient) async throws -> Void
) async throws {
    let server = try await RunningServer.start(settings, extraHandlers: extraHandlers, pacer: pacer)
    let client: TestClient
    do {
        client = try certificate.map { try TestClient(trusting: $0) } ?? TestClient()
    } catch {
        try? await server.stop()
        throw error
    }
    try await afterwards({
        try? await client.shutdown()
        try? await server.stop()
    }) { try await body(server, client) }
}

/// How `withWebhookBench` sets up: a value rather than closure parameters of its own, so
/// that the trailing closure is always the body.
struct BenchSetup {
    var extraHandlers: [any CommandHandler] = []
    var beforeStart: (RunningSimulator) async -> Void = { _ in }
    var configure: (inout Settings) -> Void = { _ in }
}

/// A simulator, a server pointed at it and a client, for the length of `body`.
func withWebhookBench(_ setup: BenchSetup = BenchSetup(), _ body: (WebhookBench) async throws -> Void) async throws {
    let bench = try await WebhookBench.start(
        extraHandlers: setup.extraHandlers, beforeStart: setup.beforeStart, configure: setup.configure)
    try await afterwards({ try? await bench.finish() }) { try await body(bench) }
}

/// The built binary as a child process for the length of `body`, killed afterwards if it
/// is still running.
func withChild(
    _ arguments: [String], environment: [String: String], executable: String? = nil,
    _ body: (ExecutableTests.Child) async throws -> Void
) async throws {
    let child = try await ExecutableTests.Child(arguments, environment: environment, executable: executable)
    try await afterwards({
        if !child.process.hasExited { kill(child.process.processIdentifier, SIGKILL) }
        _ = await child.status()
    }) { try await body(child) }
}

/// A real-shaped private-chat message update.
func messageUpdate(id: Int64, chat: Int64 = 1_111_111, text: String) -> String {
    let quoted = String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    return
        #"{"update_id":\#(id),"message":{"message_id":\#(id),"date":1735690000,"chat":{"id":\#(chat),"type":"private","first_name":"Test"},"from":{"id":\#(chat),"first_name":"Test"},"text":\#(quoted)}}"#
}

/// Writes a self-signed certificate for localhost and 127.0.0.1 with the openssl CLI, as
/// `make certs` does.
func makeCertificate(in folder: String) async throws -> (cert: String, key: String) {
    let cert = folder + "/cert.pem"
    let key = folder + "/key.pem"
    try await openssl([
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ])
    return (cert, key)
}

/// A certificate signed by a separate test CA (the shape of a Let's Encrypt certificate).
func makeCASignedCertificate(in folder: String) async throws -> String {
    try await openssl([
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/ca.key", "-out", folder + "/ca.pem",
        "-days", "2", "-subj", "/CN=Test CA",
    ])
    try await openssl([
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/leaf.key", "-out", folder + "/leaf.csr",
        "-subj", "/CN=localhost",
    ])
    try await openssl([
        "x509", "-req", "-in", folder + "/leaf.csr", "-CA", folder + "/ca.pem", "-CAkey", folder + "/ca.key",
        "-CAcreateserial", "-out", folder + "/leaf.pem", "-days", "2",
    ])
    return folder + "/leaf.pem"
}

func openssl(_ arguments: [String]) async throws {
    let result = try await runTool(["openssl"] + arguments)
    try #require(result.status == 0, "openssl \(arguments.first ?? "") failed: \(result.output)")
}

/// Checks `condition` until it holds or `limit` passes; for state only observable by asking
/// (a counter in another process, a socket). Returns whether it held. The default limit is
/// generous: under the whole suite on two cores a step can take seconds, and a condition
/// that holds returns at once.
@discardableResult
func eventually(within limit: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
