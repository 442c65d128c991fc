import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// One connection's worth of a venue's instruments: opens the socket, subscribes, reads
/// frames into `MarketStreams`, probes a quiet socket, drops a silent one, and opens it
/// again with a jittered back-off — all of it until `stop()`.
final class StreamShard: Sendable {
    let codec: any StreamCodec
    let baseURL: String
    let kind: Kind
    private let streams: MarketStreams
    private let startDelay: Duration

    /// What a connection carries: instruments' market data, or liquidations (the market's,
    /// or its instruments' where the venue has no market-wide channel).
    enum Kind: Sendable, Equatable {
        case market, liquidations
    }

    private struct State {
        var instruments: Set<Instrument>
        var bySymbol: [String: Instrument]
        /// What the open socket's writer sends next; nil while no socket is open.
        var writer: AsyncStream<Outbound>.Continuation?
        var live = false
        var lastHeard: AppClock.Instant?
        var task: Task<Void, Never>?
        var requestID = 1

        static func key(_ market: Market, _ symbol: String) -> String { market.rawValue + ":" + symbol }
    }

    enum Outbound: Sendable {
        case subscribe([Instrument])
        case unsubscribe([Instrument])
        /// Once a second: probe, watchdog, rotation.
        case beat
    }

    private let state: Mutex<State>

    init(
        codec: any StreamCodec, baseURL: String, instruments: Set<Instrument>, streams: MarketStreams,
        startDelay: Duration, kind: Kind = .market
    ) {
        self.kind = kind
        self.codec = codec
        self.baseURL = baseURL
        self.streams = streams
        self.startDelay = startDelay
        state = Mutex(
            State(
                instruments: instruments,
                bySymbol: Dictionary(instruments.map { (State.key($0.market, $0.symbol), $0) }) { first, _ in first }))
    }

    var instruments: Set<Instrument> { state.withLock { $0.instruments } }
    var lastHeard: AppClock.Instant? { state.withLock { $0.lastHeard } }

    func instrument(_ market: Market, _ symbol: String) -> Instrument? {
        state.withLock { $0.bySymbol[State.key(market, symbol)] }
    }

    func isLive(within silence: Duration) -> Bool {
        let now = streams.clock.now
        return state.withLock { state in
            guard state.live, let heard = state.lastHeard else { return false }
            return heard.duration(to: now) < silence
        }
    }

    /// Keeps only `target`'s instruments, unsubscribing the others.
    func keep(_ target: Set<Instrument>) {
        state.withLock { state in
            let removed = state.instruments.subtracting(target)
            guard !removed.isEmpty else { return }
            state.instruments.subtract(removed)
            for instrument in removed { state.bySymbol[State.key(instrument.market, instrument.symbol)] = nil }
            state.writer?.yield(.unsubscribe(Array(removed)))
        }
    }

    func add(_ instruments: [Instrument]) {
        state.withLock { state in
            state.instruments.formUnion(instruments)
            for instrument in instruments {
                state.bySymbol[State.key(instrument.market, instrument.symbol)] = instrument
            }
            state.writer?.yield(.subscribe(instruments))
        }
    }

    func start() {
        let task = Task { await self.run() }
        state.withLock { $0.task = task }
    }

    func stop() {
        let task = state.withLock { state in
            state.writer?.finish()
            return state.task
        }
        task?.cancel()
    }

    private var venue: StreamVenue { codec.venue }
    private var logger: Logger { streams.logger }

    private func run() async {
        let clock = streams.clock
        try? await clock.sleep(for: startDelay)
        var failures = 0
        while !Task.isCancelled {
            let opened = clock.now
            let ending = await connectOnce()
            state.withLock { state in
                state.live = false
                state.writer = nil
            }
            streams.forget(self)
            streams.publishState(venue)
            if Task.isCancelled { break }
            streams.metrics.streamReconnect(venue)
            // A connection that lasted a while starts the back-off afresh.
            failures = opened.duration(to: clock.now) > .seconds(60) ? 1 : failures + 1
            let delay =
                ending == .rotate
                ? .zero : Backoff.delay(attempt: failures, initial: .milliseconds(500), maximum: .seconds(30))
            logger.notice(
                "market stream reconnecting",
                metadata: [
                    "venue": "\(venue.rawValue)", "reason": "\(ending)",
                    "after_ms": "\(delay.wholeNanoseconds / 1_000_000)",
                ])
            try? await clock.sleep(for: delay)
        }
    }

    /// Why a connection ended.
    enum Ending: Equatable, CustomStringConvertible {
        case closed, silent
        case failed(String)
        case announced(String)
        case rotate

        var description: String {
            switch self {
            case .closed: "closed by the exchange"
            case .silent: "silent"
            case .failed(let reason): "failed: \(reason)"
            case .announced(let reason): reason
            case .rotate: "replaced before the exchange's 24 h cut"
            }
        }
    }

    private struct EndOfConnection: Error {
        let ending: Ending
    }

    private func connectOnce() async -> Ending {
        var headers = HTTPFields()
        for (name, value) in codec.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: streams.configuration.maxFrameSize, additionalHeaders: headers, closeTimeout: .seconds(2))
        let url = baseURL + codec.path
        do {
            try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
                inbound, outbound, _ in
                try await self.converse(inbound, outbound)
            }
            return .closed
        } catch let end as EndOfConnection {
            return end.ending
        } catch {
            if Task.isCancelled { return .closed }
            return .failed("\(error)")
        }
    }

    private func converse(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async throws {
        let clock = streams.clock
        let (commands, writer) = AsyncStream.makeStream(of: Outbound.self)
        let everything = state.withLock { state in
            state.writer = writer
            state.live = true
            state.lastHeard = clock.now
            return Array(state.instruments)
        }
        writer.yield(.subscribe(everything))
        streams.opened(self)
        let opened = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: self.streams.configuration.maxFrameSize) {
                    guard case .text(let text) = message else { continue }
                    try self.read(text)
                }
                throw EndOfConnection(ending: .closed)
            }
            group.addTask {
                while !Task.isCancelled {
                    try await clock.sleep(for: .seconds(1))
                    writer.yield(.beat)
                }
            }
            group.addTask {
                var lastSent = clock.now
                for await command in commands {
                    switch command {
                    case .subscribe(let instruments):
                        let marketWide = self.kind == .liquidations && !self.codec.liquidationsPerInstrument
                        guard !instruments.isEmpty || marketWide else { continue }
                        let messages =
                            self.kind == .liquidations
                            ? self.codec.subscribeLiquidations(instruments, id: self.nextID())
                            : self.codec.subscribe(instruments, id: self.nextID())
                        for text in messages {
                            try await self.paced(outbound, text)
                        }
                        lastSent = clock.now
                    case .unsubscribe(let instruments):
                        // Liquidation channels are left subscribed: the instrument's data just goes unread.
                        guard self.kind == .market else { continue }
                        for text in self.codec.unsubscribe(instruments, id: self.nextID()) {
                            try await self.paced(outbound, text)
                        }
                        lastSent = clock.now
                    case .beat:
                        let now = clock.now
                        let heard = self.lastHeard ?? opened
                        if heard.duration(to: now) >= self.streams.configuration.silenceLimit {
                            throw EndOfConnection(ending: .silent)
                        }
                        if opened.duration(to: now) >= self.streams.configuration.rotateAfter {
                            throw EndOfConnection(ending: .rotate)
                        }
                        let interval = self.streams.configuration.pingInterval
                        if heard.duration(to: now) >= interval && lastSent.duration(to: now) >= interval {
                            try await outbound.write(
                                .text(self.codec.ping(id: self.nextID(), now: clock.wallMilliseconds)))
                            lastSent = now
                        }
                        self.streams.publishState(self.venue)
                    }
                }
                throw EndOfConnection(ending: .closed)
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func nextID() -> Int {
        state.withLock { state in
            defer { state.requestID += 1 }
            return state.requestID
        }
    }

    /// One message, then the pause the venue's message rate asks for.
    private func paced(_ outbound: WebSocketOutboundWriter, _ text: String) async throws {
        try await outbound.write(.text(text))
        try await streams.clock.sleep(for: .milliseconds(1000 / max(codec.messagesPerSecond, 1)))
    }

    private func read(_ text: String) throws {
        let now = streams.clock.now
        state.withLock { $0.lastHeard = now }
        streams.metrics.streamMessage(venue)
        switch codec.decode(text) {
        case .quotes(let quotes): streams.receive(quotes, from: self)
        case .liquidations(let liquidations): streams.receive(liquidations, from: self)
        case .control, .ignored: break
        case .refused(let reason):
            logger.warning(
                "market stream refused a subscription; those symbols stay on REST",
                metadata: ["venue": "\(venue.rawValue)", "reason": "\(reason.prefix(200))"])
        case .closing(let reason):
            throw EndOfConnection(ending: .announced(reason))
        }
    }
}
