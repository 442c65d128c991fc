import Foundation
import HummingbirdWebSocket
import NIOWebSocket

/// The exchanges' public market-data streams on the simulator's port: each venue under
/// `/ws-sim/<venue>` plus the exchange's own path, its own subscribe protocol and frames
/// (`SimulatedStreamWire`). Subscribed symbols are pushed every `pushInterval`, at once
/// when subscribed, and at once when a test scripts their market (`/_sim/market`). Faults
/// a test scripts: a dropped connection, silence, a garbage frame, a refused subscription,
/// a close from the server. Liquidations are pushed only when a test sends one
/// (`/_sim/liquidations`), to the sessions subscribed to them.
public actor StreamSimulator {
    public struct Fault: Sendable, Codable {
        public enum Kind: String, Sendable, Codable {
            /// Every open connection of the venue ends without a close handshake.
            case drop
            /// Open connections send nothing more (no data, no answers) until the client leaves.
            case silence
            /// One frame that is not JSON, then the stream goes on.
            case garbage
            /// The next `count` subscribe requests are refused.
            case refuseSubscribe = "refuse_subscribe"
            /// The server closes every open connection (code 1001, going away).
            case close
        }

        public var venue: String
        public var kind: Kind
        public var count: Int

        public init(venue: String, kind: Kind, count: Int = 1) {
            self.venue = venue
            self.kind = kind
            self.count = count
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            venue = try container.decode(String.self, forKey: .venue)
            kind = try container.decode(Kind.self, forKey: .kind)
            count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
        }

        enum CodingKeys: String, CodingKey {
            case venue, kind, count
        }
    }

    enum Outgoing: Sendable {
        case text(String)
        case close
        case drop
    }

    private struct Session {
        var venue: String
        var wire: any SimulatedStreamWire
        var subscriptions: Set<StreamSubscription> = []
        var writer: AsyncStream<Outgoing>.Continuation
        var silent = false
    }

    private let exchanges: ExchangeSimulator
    private var sessions: [Int: Session] = [:]
    private var nextSession = 0
    private var refusals: [String: Int] = [:]
    private var connectionsOpened: [String: Int] = [:]
    private var subscribeRequests: [String: Int] = [:]
    public let pushInterval: Duration

    public init(exchanges: ExchangeSimulator, pushInterval: Duration = .seconds(1)) {
        self.exchanges = exchanges
        self.pushInterval = pushInterval
    }

    /// The wire of the venue whose prefix `path` starts with, and whether the path is its own.
    static func wire(forPath path: String) -> (venue: String, wire: any SimulatedStreamWire)? {
        let path = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        guard path.hasPrefix("/ws-sim/") else { return nil }
        let rest = path.dropFirst("/ws-sim/".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let venue = String(rest[..<slash])
        let wire: any SimulatedStreamWire
        switch venue {
        case "binance-spot": wire = BinanceStreamWire(futures: false)
        case "binance-futures": wire = BinanceStreamWire(futures: true)
        case "bybit-spot": wire = BybitStreamWire(linear: false)
        case "bybit-linear": wire = BybitStreamWire(linear: true)
        case "okx": wire = OKXStreamWire()
        case "bitget": wire = BitgetStreamWire()
        case "gate-spot": wire = GateStreamWire(futures: false)
        case "gate-futures": wire = GateStreamWire(futures: true)
        case "mexc-futures": wire = MEXCStreamWire()
        default: return nil
        }
        // `/ws/v4/` is Gate's path with its slash; a client may leave the slash out.
        let own = rest[slash...]
        guard own == wire.path || own + "/" == wire.path else { return nil }
        return (venue, wire)
    }

    /// Serves one client until it leaves or a fault ends it.
    nonisolated func serve(
        venue: String, wire: any SimulatedStreamWire, inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async throws {
        let (outgoing, writer) = AsyncStream.makeStream(of: Outgoing.self)
        let id = await open(venue: venue, wire: wire, writer: writer)
        defer { Task { await self.close(id) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await item in outgoing {
                    switch item {
                    case .text(let text): try await outbound.write(.text(text))
                    case .close:
                        try await outbound.close(.goingAway, reason: "simulated close")
                        return
                    case .drop: throw SimulatedDrop()
                    }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    await self.received(text, session: id)
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func open(venue: String, wire: any SimulatedStreamWire, writer: AsyncStream<Outgoing>.Continuation) -> Int {
        nextSession += 1
        sessions[nextSession] = Session(venue: venue, wire: wire, writer: writer)
        connectionsOpened[venue, default: 0] += 1
        return nextSession
    }

    private func close(_ id: Int) {
        sessions[id]?.writer.finish()
        sessions[id] = nil
    }

    private func received(_ text: String, session id: Int) async {
        guard let session = sessions[id], !session.silent else { return }
        let wire = session.wire
        let now = await exchanges.now
        let universe = await exchanges.universe.on(Self.exchange(of: session.venue))
        let refuse = (refusals[session.venue] ?? 0) > 0
        // Every venue's subscribe message says "sub" (SUBSCRIBE, subscribe, sub.ticker) and
        // its unsubscribe "unsub": a scripted refusal is spent on a subscribe, not on a ping.
        let lowered = text.lowercased()
        let subscribing = lowered.contains("sub") && !lowered.contains("unsub")
        let request = wire.read(text, now: now, universe: universe, refuse: refuse && subscribing)
        if subscribing { subscribeRequests[session.venue, default: 0] += 1 }
        if refuse && subscribing { refusals[session.venue, default: 0] -= 1 }
        sessions[id]?.subscriptions.formUnion(request.subscribe)
        sessions[id]?.subscriptions.subtract(request.unsubscribe)
        for reply in request.replies { session.writer.yield(.text(reply)) }
        // Exchanges send the current state soon after a subscription: at once here. A
        // liquidation channel has no state: it speaks when something is liquidated.
        for subscription in request.subscribe where !subscription.liquidations {
            guard let market = universe.market(subscription.base, at: now) else { continue }
            for frame in wire.frames(subscription, market: market, now: now) { session.writer.yield(.text(frame)) }
        }
    }

    /// Pushes every subscription of every session (the push loop), or only `base`'s (a
    /// scripted change).
    public func push(only base: String? = nil) async {
        let now = await exchanges.now
        let universe = await exchanges.universe
        for (_, session) in sessions where !session.silent {
            let wire = session.wire
            let quoted = universe.on(Self.exchange(of: session.venue))
            for subscription in session.subscriptions
            where !subscription.liquidations && (base == nil || subscription.base == base) {
                guard let market = quoted.market(subscription.base, at: now) else { continue }
                for frame in wire.frames(subscription, market: market, now: now) { session.writer.yield(.text(frame)) }
            }
        }
    }

    /// The exchange whose quotes a stream venue carries (`binance-spot` → `binance`, …).
    static func exchange(of venue: String) -> String {
        String(venue.prefix { $0 != "-" })
    }

    /// The venue that streams each exchange's liquidations.
    static let liquidationVenues: [String: String] = [
        "binance": "binance-futures", "bybit": "bybit-linear", "okx": "okx", "gate": "gate-futures",
    ]

    /// Sends `liquidation` to every session of its exchange's venue (all four when it names
    /// none) subscribed to the base's liquidations or to every one. Quantities are coins;
    /// OKX and Gate count contracts of the value their REST contracts state.
    public func push(_ liquidation: SimulatedLiquidation) async {
        var liquidation = liquidation
        liquidation.base = liquidation.base.uppercased()
        let venues: Set<String>
        if let exchange = liquidation.exchange {
            guard let venue = Self.liquidationVenues[exchange.lowercased()] else { return }
            venues = [venue]
        } else {
            venues = Set(Self.liquidationVenues.values)
        }
        let now = await exchanges.now
        let universe = await exchanges.universe
        let base = liquidation.base
        let market = universe.market(base, at: now)
        for (_, session) in sessions where !session.silent && venues.contains(session.venue) {
            guard session.subscriptions.contains(where: { $0.covers(liquidationOf: base) }) else { continue }
            let contractValue: Double
            switch session.venue {
            // Without the market there is no `ctVal` to count contracts in.
            case "okx":
                guard let market else { continue }
                contractValue = market.contractValue
            case "gate-futures": contractValue = GateWire.multiplier(base)
            default: contractValue = 1
            }
            for frame in session.wire.liquidationFrames(liquidation, contractValue: contractValue, now: now) {
                session.writer.yield(.text(frame))
            }
        }
    }

    /// Runs the push loop until cancelled.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: pushInterval)
            await push()
        }
    }

    public func inject(_ fault: Fault) {
        switch fault.kind {
        case .refuseSubscribe:
            refusals[fault.venue, default: 0] += fault.count
        case .drop, .close, .silence, .garbage:
            for (id, session) in sessions where session.venue == fault.venue {
                switch fault.kind {
                case .drop: session.writer.yield(.drop)
                case .close: session.writer.yield(.close)
                case .silence: sessions[id]?.silent = true
                default: session.writer.yield(.text("<html>502 Bad Gateway</html>"))
                }
            }
        }
    }

    /// Per venue: open connections, connections ever opened, subscribe requests, subscribed symbols.
    public struct Report: Sendable, Codable, Equatable {
        public var connections: Int
        public var opened: Int
        public var subscribeRequests: Int
        public var subscribed: [String]

        enum CodingKeys: String, CodingKey {
            case connections, opened, subscribed
            case subscribeRequests = "subscribe_requests"
        }
    }

    public var report: [String: Report] {
        var report: [String: Report] = [:]
        for venue in Set(connectionsOpened.keys).union(sessions.values.map(\.venue)) {
            let open = sessions.values.filter { $0.venue == venue }
            report[venue] = Report(
                connections: open.count, opened: connectionsOpened[venue] ?? 0,
                subscribeRequests: subscribeRequests[venue] ?? 0,
                subscribed: Set(
                    open.flatMap(\.subscriptions).map {
                        ($0.liquidations ? "liquidations:" : $0.perp ? "perp:" : "spot:") + $0.base
                    }
                ).sorted())
        }
        return report
    }

    public func reset() {
        refusals.removeAll()
        connectionsOpened.removeAll()
        subscribeRequests.removeAll()
        for (id, session) in sessions where session.silent { sessions[id]?.silent = false }
    }
}

struct SimulatedDrop: Error {}
