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
        /// What the newest open socket's writer sends next; nil while no socket is open.
        var writer: AsyncStream<Outbound>.Continuation?
        /// The open connections (two while one replaces the other), by generation: when each
        /// last said anything, and whether it has sent a frame since it opened.
        var connections: [Int: (heard: AppClock.Instant, spoke: Bool)] = [:]
        /// The newest connection's generation.
        var current = 0
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
            state.connections.values.contains { $0.heard.duration(to: now) < silence }
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
        // Rotation opens the successor first: the retiring connection asks for it here and
        // closes itself once the successor has spoken.
        let (successorWanted, successor) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        enum Event: Sendable {
            case ended(Ending, opened: AppClock.Instant)
            case successorWanted
        }
        await withTaskGroup(of: Event.self) { group in
            var open = 0
            var failures = 0
            func connect() {
                open += 1
                group.addTask {
                    let opened = clock.now
                    return .ended(await self.connectOnce(successor: successor), opened: opened)
                }
            }
            func listen() {
                group.addTask {
                    var requests = successorWanted.makeAsyncIterator()
                    _ = await requests.next()
                    return .successorWanted
                }
            }
            connect()
            listen()
            while let event = await group.next() {
                if Task.isCancelled { break }
                switch event {
                case .successorWanted:
                    connect()
                    listen()
                case .ended(let ending, let opened):
                    open -= 1
                    streams.publishState(venue)
                    guard ending != .retired else { continue }
                    guard open == 0 else { continue }  // the other connection carries on
                    streams.forget(self)
                    streams.metrics.streamReconnect(venue)
                    // A connection that lasted a while starts the back-off afresh.
                    failures = opened.duration(to: clock.now) > .seconds(60) ? 1 : failures + 1
                    let delay = Backoff.delay(attempt: failures, initial: .milliseconds(500), maximum: .seconds(30))
                    logger.notice(
                        "market stream reconnecting",
                        metadata: [
                            "venue": "\(venue.rawValue)", "reason": "\(ending)",
                            "after_ms": "\(delay.wholeNanoseconds / 1_000_000)",
                        ])
                    try? await clock.sleep(for: delay)
                    if Task.isCancelled { break }
                    connect()
                }
            }
            successor.finish()
            group.cancelAll()
        }
    }

    /// Why a connection ended.
    enum Ending: Equatable, CustomStringConvertible {
        case closed, silent
        case failed(String)
        case announced(String)
        /// Replaced before the exchange's 24 h cut: its successor is live.
        case retired

        var description: String {
            switch self {
            case .closed: "closed by the exchange"
            case .silent: "silent"
            case .failed(let reason): "failed: \(reason)"
            case .announced(let reason): reason
            case .retired: "replaced before the exchange's 24 h cut"
            }
        }
    }

    private struct EndOfConnection: Error {
        let ending: Ending
    }

    private func connectOnce(successor: AsyncStream<Void>.Continuation) async -> Ending {
        var headers = HTTPFields()
        for (name, value) in codec.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: streams.configuration.maxFrameSize, additionalHeaders: headers, closeTimeout: .seconds(2))
        let url = baseURL + codec.path
        let generation = state.withLock { state in
            state.current += 1
            return state.current
        }
        defer {
            state.withLock { state in
                state.connections[generation] = nil
                if state.current == generation { state.writer = nil }
            }
        }
        do {
            try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
                inbound, outbound, _ in
                try await self.converse(inbound, outbound, generation: generation, successor: successor)
            }
            return .closed
        } catch let end as EndOfConnection {
            return end.ending
        } catch {
            if Task.isCancelled { return .closed }
            return .failed("\(error)")
        }
    }

    private func converse(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, generation: Int,
        successor: AsyncStream<Void>.Continuation
    ) async throws {
        let clock = streams.clock
        let (commands, writer) = AsyncStream.makeStream(of: Outbound.self)
        let opened = clock.now
        let everything = state.withLock { state in
            // The newest connection takes the writer: what is added from now on goes to it.
            if state.current == generation { state.writer = writer }
            state.connections[generation] = (opened, false)
            state.lastHeard = opened
            return Array(state.instruments)
        }
        writer.yield(.subscribe(everything))
        streams.opened(self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: self.streams.configuration.maxFrameSize) {
                    guard case .text(let text) = message else { continue }
                    try self.read(text, generation: generation)
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
                var successorAsked: AppClock.Instant?
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
                        let (heard, succeeded) = self.state.withLock { state in
                            let newer = state.current > generation
                            return (
                                state.connections[generation]?.heard ?? opened,
                                newer && state.connections[state.current]?.spoke == true
                            )
                        }
                        if succeeded { throw EndOfConnection(ending: .retired) }
                        if heard.duration(to: now) >= self.streams.configuration.silenceLimit {
                            throw EndOfConnection(ending: .silent)
                        }
                        // Due for replacement: ask for the successor (again after a minute if
                        // it failed), and keep serving until it has spoken.
                        if opened.duration(to: now) >= self.streams.configuration.rotateAfter,
                            successorAsked.map({ $0.duration(to: now) >= .seconds(60) }) ?? true
                        {
                            successorAsked = now
                            successor.yield()
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

    private func read(_ text: String, generation: Int) throws {
        let now = streams.clock.now
        state.withLock { state in
            state.lastHeard = now
            state.connections[generation] = (now, true)
        }
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
