import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The loopback fake of the outside world: the Bot API now, the exchanges' REST APIs with
/// the market-engine issue. One port; control endpoints under `/_sim/`.
///
/// | path | what |
/// |---|---|
/// | `POST /bot<token>/<method>` | the Bot API |
/// | `GET /_sim/telegram/sent` | every Bot API call received, as JSON |
/// | `POST /_sim/telegram/faults` | script the next answers of a method (`{"method","status","retry_after","count"}`) |
/// | `POST /_sim/telegram/updates` | queue an update for `getUpdates` |
/// | `GET <exchange REST path>` | Binance `/api/v3`, `/fapi/v1`; Bybit `/v5`; OKX `/api/v5` |
/// | `GET /_sim/stats` | requests per exchange and path |
/// | `POST /_sim/faults` | script an exchange fault (`{"exchange","kind","status","retry_after","delay_ms","count"}`) |
/// | `POST /_sim/market` | script a base's spot, funding rate or open interest (`{"base","spot","funding_rate","open_interest"}`; none of the three: generated again) |
/// | `POST /_sim/reset` | forget calls, faults, counts, queued updates and the webhook |
public final class SimulatorServer: Sendable {
    public let telegram: TelegramSimulator
    public let exchanges: ExchangeSimulator
    private let group: ServiceGroup
    private let portBox = SimulatorPort()

    public init(
        host: String = "127.0.0.1", port: Int = 0, botToken: String, signals: [UnixSignal] = [],
        seed: UInt64 = 42, extraSymbols: Int = 0, frozenTime: Int64? = nil,
        logger: Logger = Logger(label: "market-sim")
    ) {
        let telegram = TelegramSimulator(token: botToken)
        self.telegram = telegram
        let exchanges = ExchangeSimulator(
            universe: SimulatedUniverse(seed: seed, extraBases: extraSymbols), frozenTime: frozenTime)
        self.exchanges = exchanges
        let portBox = self.portBox
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                try await Self.route(request, telegram: telegram, exchanges: exchanges)
            },
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in portBox.set(channel.localAddress?.port ?? 0) },
            logger: logger)
        group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: signals, logger: logger))
    }

    /// Runs until `stop()`.
    public func run() async throws {
        try await group.run()
    }

    /// Waits until the listener is bound and returns its port.
    public func port() async -> Int {
        await portBox.value()
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
    }

    static func route(_ request: Request, telegram: TelegramSimulator, exchanges: ExchangeSimulator) async throws
        -> Response
    {
        let path = request.uri.path
        if request.method == .get, ExchangeSimulator.exchange(of: path) != nil {
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters {
                query[String(key)] = String(value).removingPercentEncoding
            }
            var headerValues: [String: String] = [:]
            for field in request.headers { headerValues[field.name.canonicalName] = field.value }
            if let answer = await exchanges.handle(
                path: path, query: query, rawQuery: request.uri.query ?? "", headers: headerValues)
            {
                var headers = HTTPFields()
                for (name, value) in answer.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
                guard answer.resetAfterBody else {
                    return Response(
                        status: .init(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
                }
                // A chunked body that stops half way: the client sees the connection die.
                let partial = ByteBuffer(bytes: answer.body)
                return Response(
                    status: .init(code: answer.status), headers: headers,
                    body: ResponseBody { writer in
                        try await writer.write(partial)
                        throw ConnectionDropped()
                    })
            }
        }
        let body = Array((try await request.body.collect(upTo: 8 << 20)).readableBytesView)
        if path.hasPrefix("/bot") {
            let rest = path.dropFirst(4).split(separator: "/", maxSplits: 1)
            guard rest.count == 2, request.method == .post || request.method == .get else {
                return json(404, #"{"ok":false,"error_code":404,"description":"Not Found"}"#)
            }
            let answer = await telegram.handle(
                token: String(rest[0]), method: String(rest[1]), contentType: request.headers[.contentType], body: body)
            return Response(
                status: .init(code: answer.status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        switch (request.method, path) {
        case (.get, "/_sim/telegram/sent"):
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return json(200, String(decoding: try encoder.encode(await telegram.recorded()), as: UTF8.self))
        case (.post, "/_sim/telegram/faults"):
            guard let fault = try? JSONDecoder().decode(TelegramSimulator.Fault.self, from: Data(body)) else {
                return json(400, #"{"error":"expected {\"method\":…,\"status\":…,\"retry_after\":…,\"count\":…}"}"#)
            }
            await telegram.inject(fault)
            return json(200, #"{"ok":true}"#)
        case (.post, "/_sim/telegram/updates"):
            do {
                try await telegram.enqueue(updateJSON: body)
                return json(200, #"{"ok":true}"#)
            } catch {
                return json(400, #"{"error":"expected an Update with update_id"}"#)
            }
        case (.get, "/_sim/stats"):
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return json(200, String(decoding: try encoder.encode(await exchanges.stats), as: UTF8.self))
        case (.post, "/_sim/faults"):
            guard let fault = try? JSONDecoder().decode(ExchangeSimulator.Fault.self, from: Data(body)) else {
                return json(
                    400,
                    #"{"error":"expected {\"exchange\":…,\"kind\":\"status|garbage|truncated|wrong_shape|delay|envelope_error\",…}"}"#
                )
            }
            await exchanges.inject(fault)
            return json(200, #"{"ok":true}"#)
        case (.post, "/_sim/market"):
            struct Scripted: Decodable {
                var base: String
                var spot: Double?
                var fundingRate: Double?
                var openInterest: Double?

                enum CodingKeys: String, CodingKey {
                    case base, spot
                    case fundingRate = "funding_rate"
                    case openInterest = "open_interest"
                }
            }
            guard let scripted = try? JSONDecoder().decode(Scripted.self, from: Data(body)) else {
                return json(
                    400, #"{"error":"expected {\"base\":…,\"spot\":…,\"funding_rate\":…,\"open_interest\":…}"}"#)
            }
            let market = ScriptedMarket(
                spot: scripted.spot, fundingRate: scripted.fundingRate, openInterest: scripted.openInterest)
            await exchanges.script(scripted.base, market == ScriptedMarket() ? nil : market)
            return json(200, #"{"ok":true}"#)
        case (.post, "/_sim/reset"):
            await telegram.reset()
            await exchanges.reset()
            return json(200, #"{"ok":true}"#)
        case (.get, "/_sim/health"):
            return json(200, #"{"status":"ok"}"#)
        default:
            return json(404, #"{"error":"unknown simulator path"}"#)
        }
    }

    static func json(_ status: Int, _ text: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

struct ConnectionDropped: Error {}

final class SimulatorPort: Sendable {
    private let stream: AsyncStream<Int>
    private let continuation: AsyncStream<Int>.Continuation
    private let cached = Mutex<Int?>(nil)

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
    }

    func set(_ port: Int) {
        cached.withLock { $0 = port }
        continuation.yield(port)
        continuation.finish()
    }

    func value() async -> Int {
        if let port = cached.withLock({ $0 }) { return port }
        for await port in stream { return port }
        return cached.withLock { $0 } ?? -1
    }
}
