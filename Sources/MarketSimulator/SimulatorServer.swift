import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
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
/// | `POST /_sim/market` | script a base's spot, funding rate or open interest (`{"base","spot","funding_rate","open_interest"}`; none of the three: generated again); pushed on the streams at once; answers `at_ms` on the clock of the Bot API's `at_ms` |
/// | `POST /_sim/reset` | forget calls, faults, counts, queued updates and the webhook |
/// | `GET /ws-sim/<venue><exchange path>` | on the streams' own port (`streamPort()`): the exchanges' market-data streams (WebSocket), e.g. `/ws-sim/binance-futures/market/stream` |
/// | `GET /_sim/streams` | per venue: open connections, connections opened, subscribe requests, subscribed symbols |
/// | `POST /_sim/streams/faults` | script a stream fault (`{"venue","kind":"drop|silence|garbage|refuse_subscribe|close","count"}`) |
/// | `POST /_sim/liquidations` | push a liquidation to the streams subscribed to it (`{"exchange":"binance|bybit|okx|gate","base","side":"long|short","price","quantity"}`; quantity in coins; no exchange: all four) |
public final class SimulatorServer: Sendable {
    public let telegram: TelegramSimulator
    public let exchanges: ExchangeSimulator
    public let streams: StreamSimulator
    private let group: ServiceGroup
    private let portBox = SimulatorPort()
    private let streamPortBox = SimulatorPort()

    public init(
        host: String = "127.0.0.1", port: Int = 0, botToken: String, signals: [UnixSignal] = [],
        seed: UInt64 = 42, extraSymbols: Int = 0, frozenTime: Int64? = nil, streamInterval: Duration = .seconds(1),
        servesStreams: Bool = true, logger: Logger = Logger(label: "market-sim")
    ) {
        let telegram = TelegramSimulator(token: botToken)
        self.telegram = telegram
        let exchanges = ExchangeSimulator(
            universe: SimulatedUniverse(seed: seed, extraBases: extraSymbols), frozenTime: frozenTime)
        self.exchanges = exchanges
        let streams = StreamSimulator(exchanges: exchanges, pushInterval: streamInterval)
        self.streams = streams
        let portBox = self.portBox
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                try await Self.route(request, telegram: telegram, exchanges: exchanges, streams: streams)
            },
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in portBox.set(channel.localAddress?.port ?? 0) },
            logger: logger)
        // The streams listen on a port of their own (WORKAROUNDS.md #22): the upgrade-capable HTTP/1
        // channel waits, at shutdown, for a connection that has not sent its first request
        // yet — the REST side's pooled clients would hold every test's stop.
        let streamPortBox = self.streamPortBox
        let streamApp = Application(
            responder: CallbackResponder<BasicRequestContext> { _, _ in
                Self.json(404, #"{"error":"streams only: /ws-sim/<venue>/<path>"}"#)
            },
            server: .http1WebSocketUpgrade(
                configuration: .init(ws: .init(maxFrameSize: 1 << 20, autoPing: .disabled))
            ) { request, _, _ in
                guard let (venue, wire) = StreamSimulator.wire(forPath: request.path ?? "") else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try await streams.serve(venue: venue, wire: wire, inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname(host, port: 0), serverName: nil),
            onServerRunning: { channel in streamPortBox.set(channel.localAddress?.port ?? 0) },
            logger: logger)
        // A test that wants only the Bot API on a port it chose goes without the streams'
        // listener, whose shutdown waits for connections (WORKAROUNDS.md #22).
        let services: [any Service] = servesStreams ? [app, streamApp, StreamPushService(streams: streams)] : [app]
        group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: signals, logger: logger))
    }

    /// Runs until `stop()`.
    public func run() async throws {
        do {
            try await group.run()
        } catch {
            // A listener that could not bind: `port()` answers, rather than waiting for ever.
            portBox.set(-1)
            streamPortBox.set(-1)
            throw error
        }
    }

    /// Waits until the listener is bound and returns its port (-1 when it could not bind).
    public func port() async -> Int {
        await portBox.value()
    }

    /// Waits until the streams' listener is bound and returns its port (`ws://HOST:PORT`).
    public func streamPort() async -> Int {
        await streamPortBox.value()
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
    }

    static func route(
        _ request: Request, telegram: TelegramSimulator, exchanges: ExchangeSimulator, streams: StreamSimulator
    ) async throws -> Response {
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
            // Exchanges push a change as it happens: the streams at once. `at_ms` is on the
            // clock of the Bot API's `at_ms`: a benchmark's "change to message" latency.
            let at = await telegram.elapsedMilliseconds
            await streams.push(only: scripted.base)
            return json(200, #"{"ok":true,"at_ms":\#(at)}"#)
        case (.get, "/_sim/streams"):
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return json(200, String(decoding: try encoder.encode(await streams.report), as: UTF8.self))
        case (.post, "/_sim/streams/faults"):
            guard let fault = try? JSONDecoder().decode(StreamSimulator.Fault.self, from: Data(body)) else {
                return json(
                    400,
                    #"{"error":"expected {\"venue\":…,\"kind\":\"drop|silence|garbage|refuse_subscribe|close\",\"count\":…}"}"#
                )
            }
            await streams.inject(fault)
            return json(200, #"{"ok":true}"#)
        case (.post, "/_sim/liquidations"):
            // A liquidation no exchange could report is refused rather than pushed as garbage.
            guard let liquidation = try? JSONDecoder().decode(SimulatedLiquidation.self, from: Data(body)),
                !liquidation.base.isEmpty, liquidation.side == "long" || liquidation.side == "short",
                liquidation.price.isFinite, liquidation.price > 0,
                liquidation.quantity.isFinite, liquidation.quantity > 0,
                liquidation.exchange.map({ StreamSimulator.liquidationVenues[$0.lowercased()] != nil }) ?? true
            else {
                return json(
                    400,
                    #"{"error":"expected {\"exchange\":\"binance|bybit|okx|gate\" (optional),\"base\":…,\"side\":\"long|short\",\"price\":>0,\"quantity\":>0 (coins)}"}"#
                )
            }
            await streams.push(liquidation)
            return json(200, #"{"ok":true}"#)
        case (.post, "/_sim/reset"):
            await telegram.reset()
            await exchanges.reset()
            await streams.reset()
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

/// The streams' push loop, stopped with the server.
struct StreamPushService: Service {
    let streams: StreamSimulator

    func run() async throws {
        await cancelWhenGracefulShutdown { await streams.run() }
    }
}

final class SimulatorPort: Sendable {
    private let stream: AsyncStream<Int>
    private let continuation: AsyncStream<Int>.Continuation
    private let cached = Mutex<Int?>(nil)

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The first port set stays (a later -1 from a failed run does not replace it).
    func set(_ port: Int) {
        guard
            cached.withLock({ cached in
                defer { if cached == nil { cached = port } }
                return cached == nil
            })
        else { return }
        continuation.yield(port)
        continuation.finish()
    }

    func value() async -> Int {
        if let port = cached.withLock({ $0 }) { return port }
        for await port in stream { return port }
        return cached.withLock { $0 } ?? -1
    }
}
