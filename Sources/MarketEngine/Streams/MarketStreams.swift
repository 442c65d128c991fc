import Logging
import Synchronization

/// The exchanges' pushed market data, in-process: which instruments are wanted (every one
/// an alert watches, on the replica that evaluates alerts, and the ones asked for recently),
/// the connections that carry them (sharded by each venue's per-connection cap), the latest
/// quote of each, and a stream of ticks for the alert evaluator.
///
/// A quote is served only while its connection is open and has said something within
/// `silenceLimit`: a silent, closed or reconnecting stream serves nothing, so every reader
/// falls back to the budgeted REST reads by itself, and goes back to the stream once it
/// speaks again.
public final class MarketStreams: Sendable {
    public struct Configuration: Sendable {
        /// `STREAMS=off`: nothing is opened; everything is polled.
        public var enabled = true
        /// Base URLs by venue (`*_WS_URL`); the codec adds the venue's path.
        public var baseURLs: [StreamVenue: String] = Dictionary(
            uniqueKeysWithValues: StreamVenue.allCases.map { ($0, $0.defaultBaseURL) })
        /// A connection that has said nothing for this long is closed and opened again, and
        /// its instruments are read over REST meanwhile (`STREAM_SILENCE_S`).
        public var silenceLimit: Duration = .seconds(30)
        /// Instruments asked for by commands kept subscribed, the most recent first.
        public var recentLimit = 200
        /// How long an instrument asked for once stays subscribed.
        public var recentLifetime: Duration = .seconds(900)
        /// Exchanges cut connections at 24 h: a connection is replaced before, its successor
        /// opened first.
        public var rotateAfter: Duration = .seconds(23 * 3600)
        /// Frames up to this size are read (the library's default is 16 KiB).
        public var maxFrameSize = 1 << 22

        public init() {}

        /// Every venue at the simulator's `ws://` base (its own prefix per venue).
        public init(simulatorAt base: String) {
            baseURLs = Dictionary(uniqueKeysWithValues: StreamVenue.allCases.map { ($0, base + $0.simulatorPrefix) })
        }

        /// The probe interval: a quiet socket is asked for an answer well within the silence limit.
        var pingInterval: Duration { min(silenceLimit / 3, .seconds(15)) }
    }

    /// A change pushed for one instrument, for the alert evaluator: the instrument and
    /// everything now known of it.
    public struct Tick: Sendable {
        public var instrument: Instrument
        public var quote: StreamQuote
    }

    struct QuoteKey: Hashable {
        var exchange: Exchange
        var market: Market
        var symbol: String
    }

    struct State {
        var alertInstruments: Set<Instrument> = []
        var recent: [Instrument: AppClock.Instant] = [:]
        var shards: [StreamVenue: [StreamShard]] = [:]
        var quotes: [QuoteKey: (quote: StreamQuote, shard: ObjectIdentifier)] = [:]
        var listener: AsyncStream<Tick>.Continuation?
        /// Funding intervals read over REST (the streams of most venues do not say them).
        var fundingHours: [Instrument: Double] = [:]
        /// Whether liquidations are streamed (from the first `/liquidations` or liquidation alert on).
        var liquidationsWanted = false
        /// Perpetuals whose liquidations are subscribed one by one (Bybit has no market-wide channel).
        var liquidationInstruments: [Instrument: AppClock.Instant] = [:]
        var liquidationShards: [StreamVenue: StreamShard] = [:]
        var ledger = LiquidationLedger()
    }

    public let configuration: Configuration
    let clock: AppClock
    let metrics: EngineMetrics
    let logger: Logger
    private let state = Mutex(State())

    public init(
        configuration: Configuration, clock: AppClock = .system, metrics: EngineMetrics = EngineMetrics(),
        logger: Logger = Logger(label: "streams")
    ) {
        self.configuration = configuration
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }

    // MARK: What is wanted

    /// The instruments the alerts watch (the alert leader, every pass): subscribed until the
    /// next call leaves them out.
    public func follow(alerts instruments: Set<Instrument>, liquidations: Set<Instrument> = []) {
        let streamed = instruments.filter { StreamVenue.serving($0.exchange, $0.market) != nil }
        let changed = state.withLock { state -> Bool in
            guard state.alertInstruments != streamed else { return false }
            state.alertInstruments = streamed
            return true
        }
        if !liquidations.isEmpty { watchLiquidations(liquidations) }
        if changed || pruneRecent() { reconcile() }
    }

    /// Streams liquidations from now on: the market-wide channels (Binance, OKX, Gate) and
    /// each of `instruments`' own where the venue has no market-wide one (Bybit), kept like
    /// instruments asked for recently.
    public func watchLiquidations(_ instruments: Set<Instrument> = []) {
        guard configuration.enabled else { return }
        let now = clock.now
        let perInstrument = instruments.filter {
            $0.market == .perp && StreamVenue.serving($0.exchange, .perp)?.codec.liquidationsPerInstrument == true
        }
        let changed = state.withLock { state -> Bool in
            var changed = !state.liquidationsWanted
            state.liquidationsWanted = true
            for instrument in perInstrument {
                if state.liquidationInstruments.updateValue(now, forKey: instrument) == nil { changed = true }
            }
            if state.liquidationInstruments.count > configuration.recentLimit,
                let oldest = state.liquidationInstruments.min(by: { $0.value < $1.value })?.key
            {
                state.liquidationInstruments[oldest] = nil
            }
            return changed
        }
        if changed { reconcile() }
    }

    /// What the liquidation feed of `exchange` reported since `since` (of `symbol`, or of
    /// every symbol), and since when it has listened without a gap (nil: not connected).
    public func liquidations(_ exchange: Exchange, symbol: String?, since: Int64) -> (
        liquidations: [StreamLiquidation], listeningSince: Int64?
    ) {
        state.withLock { state in
            (state.ledger.liquidations(exchange, symbol: symbol, since: since), state.ledger.listeningSince[exchange])
        }
    }

    /// A command read `instrument`: it stays subscribed for `recentLifetime`.
    public func noteInterest(_ instrument: Instrument) {
        guard configuration.enabled, StreamVenue.serving(instrument.exchange, instrument.market) != nil else { return }
        let now = clock.now
        let added = state.withLock { state -> Bool in
            // A read on the hot path: the note is refreshed at most once a minute.
            if let noted = state.recent[instrument], noted.duration(to: now) < .seconds(60) { return false }
            let isNew = state.recent.updateValue(now, forKey: instrument) == nil
            if isNew && state.recent.count > configuration.recentLimit {
                if let oldest = state.recent.min(by: { $0.value < $1.value })?.key { state.recent[oldest] = nil }
            }
            return isNew
        }
        if added { reconcile() }
    }

    /// Drops instruments asked for too long ago; true when one went.
    private func pruneRecent() -> Bool {
        let oldest = clock.now.advanced(by: .zero - configuration.recentLifetime)
        return state.withLock { state in
            let before = state.recent.count
            state.recent = state.recent.filter { $0.value > oldest }
            return state.recent.count != before
        }
    }

    /// Every instrument subscribed now, by venue (for tests and `/metrics`).
    public var subscribed: [StreamVenue: Set<Instrument>] {
        state.withLock { state in state.shards.mapValues { Set($0.flatMap { $0.instruments }) } }
    }

    /// Brings the shards in line with what is wanted: instruments no longer wanted are
    /// unsubscribed, new ones go to a shard with room or to a new one; empty shards close.
    private func reconcile() {
        guard configuration.enabled else { return }
        var started: [StreamShard] = []
        var stopped: [StreamShard] = []
        state.withLock { state in
            let wanted = state.alertInstruments.union(state.recent.keys)
            let byVenue = Dictionary(grouping: wanted) { StreamVenue.serving($0.exchange, $0.market)! }
            for venue in Set(byVenue.keys).union(state.shards.keys) {
                let target = Set(byVenue[venue] ?? [])
                var shards = state.shards[venue] ?? []
                for shard in shards { shard.keep(target) }
                var have = Set(shards.flatMap { $0.instruments })
                let codec = venue.codec
                for instrument in target.subtracting(have).sorted(by: { $0.symbol < $1.symbol }) {
                    if let shard = shards.first(where: { $0.instruments.count < codec.instrumentsPerConnection }) {
                        shard.add([instrument])
                    } else {
                        let shard = StreamShard(
                            codec: codec, baseURL: configuration.baseURLs[venue] ?? venue.defaultBaseURL,
                            instruments: [instrument], streams: self, startDelay: .milliseconds(400 * shards.count))
                        shards.append(shard)
                        started.append(shard)
                    }
                    have.insert(instrument)
                }
                stopped += shards.filter { $0.instruments.isEmpty }
                shards.removeAll { $0.instruments.isEmpty }
                state.shards[venue] = shards.isEmpty ? nil : shards
            }
            if state.liquidationsWanted {
                let oldest = clock.now.advanced(by: .zero - configuration.recentLifetime)
                state.liquidationInstruments = state.liquidationInstruments.filter { $0.value > oldest }
                for venue in StreamVenue.allCases where venue.codec.streamsLiquidations {
                    let codec = venue.codec
                    let target =
                        codec.liquidationsPerInstrument
                        ? Set(
                            state.liquidationInstruments.keys.filter {
                                StreamVenue.serving($0.exchange, .perp) == venue
                            })
                        : []
                    if let shard = state.liquidationShards[venue] {
                        shard.keep(target)
                        shard.add(Array(target.subtracting(shard.instruments)))
                        if codec.liquidationsPerInstrument && target.isEmpty {
                            stopped.append(shard)
                            state.liquidationShards[venue] = nil
                        }
                    } else if !codec.liquidationsPerInstrument || !target.isEmpty {
                        let shard = StreamShard(
                            codec: codec, baseURL: configuration.baseURLs[venue] ?? venue.defaultBaseURL,
                            instruments: target, streams: self, startDelay: .zero, kind: .liquidations)
                        state.liquidationShards[venue] = shard
                        started.append(shard)
                    }
                }
            }
            let gone = Set(stopped.map(ObjectIdentifier.init))
            if !gone.isEmpty { state.quotes = state.quotes.filter { !gone.contains($0.value.shard) } }
        }
        for shard in stopped { shard.stop() }
        for shard in started { shard.start() }
    }

    /// Closes every connection (shutdown).
    public func stop() {
        let all = state.withLock { state in
            defer {
                state.shards = [:]
                state.liquidationShards = [:]
                state.quotes = [:]
                state.listener?.finish()
            }
            return state.shards.values.flatMap { $0 } + state.liquidationShards.values
        }
        for shard in all { shard.stop() }
    }

    // MARK: What was pushed

    /// The ticks of every instrument subscribed, as they come (one listener: the alert
    /// evaluator; a second call replaces the first). The newest 10,000 are kept when the
    /// listener falls behind.
    public func ticks() -> AsyncStream<Tick> {
        let (stream, continuation) = AsyncStream.makeStream(of: Tick.self, bufferingPolicy: .bufferingNewest(10_000))
        state.withLock { state in
            state.listener?.finish()
            state.listener = continuation
        }
        return stream
    }

    func receive(_ quotes: [StreamQuote], from shard: StreamShard) {
        let id = ObjectIdentifier(shard)
        let exchange = shard.codec.venue.exchange
        var ticks: [Tick] = []
        let listener = state.withLock { state -> AsyncStream<Tick>.Continuation? in
            for quote in quotes {
                guard let instrument = shard.instrument(quote.market, quote.symbol) else { continue }
                let key = QuoteKey(exchange: exchange, market: quote.market, symbol: quote.symbol)
                let merged = state.quotes[key].map { quote.merged(over: $0.quote) } ?? quote
                state.quotes[key] = (merged, id)
                ticks.append(Tick(instrument: instrument, quote: merged))
            }
            return state.listener
        }
        guard let listener else { return }
        for tick in ticks { listener.yield(tick) }
    }

    func receive(_ liquidations: [StreamLiquidation], from shard: StreamShard) {
        let now = clock.wallMilliseconds
        state.withLock { $0.ledger.record(liquidations, on: shard.codec.venue.exchange, now: now) }
    }

    /// A connection is open and subscribed: a liquidation feed counts from now.
    func opened(_ shard: StreamShard) {
        guard shard.kind == .liquidations else { return }
        let now = clock.wallMilliseconds
        state.withLock { $0.ledger.connected(shard.codec.venue.exchange, now: now) }
    }

    /// The connection ended: what it pushed is no longer current (a reconnect starts afresh:
    /// Bybit's deltas need their snapshot again).
    func forget(_ shard: StreamShard) {
        let id = ObjectIdentifier(shard)
        state.withLock { state in
            if shard.kind == .liquidations {
                state.ledger.disconnected(shard.codec.venue.exchange)
            } else {
                state.quotes = state.quotes.filter { $0.value.shard != id }
            }
        }
    }

    /// The latest quote of `instrument` while its connection is live; nil otherwise (read
    /// it over REST).
    public func quote(_ instrument: Instrument) -> StreamQuote? {
        guard configuration.enabled else { return nil }
        let key = QuoteKey(exchange: instrument.exchange, market: instrument.market, symbol: instrument.symbol)
        let entry = state.withLock { state -> (StreamQuote, StreamShard)? in
            guard let entry = state.quotes[key],
                let venue = StreamVenue.serving(instrument.exchange, instrument.market),
                let shard = state.shards[venue]?.first(where: { ObjectIdentifier($0) == entry.shard })
            else { return nil }
            return (entry.quote, shard)
        }
        guard let (quote, shard) = entry, shard.isLive(within: configuration.silenceLimit) else { return nil }
        return quote
    }

    /// The streamed 24-hour ticker, when live and complete.
    public func ticker(_ instrument: Instrument) -> Ticker? {
        quote(instrument)?.ticker(instrument)
    }

    /// The streamed mark price and funding, when live and complete; the funding interval is
    /// the stream's or the last REST read's (nil before one: read over REST once).
    public func perpTicker(_ instrument: Instrument) -> PerpTicker? {
        guard let quote = quote(instrument), let mark = quote.markPrice, let rate = quote.fundingRate,
            let next = quote.nextFundingTime,
            let hours = quote.fundingIntervalHours ?? state.withLock({ $0.fundingHours[instrument] })
        else { return nil }
        return PerpTicker(
            instrument: instrument, markPrice: mark, indexPrice: quote.indexPrice ?? mark, fundingRate: rate,
            nextFundingTime: next, fundingIntervalHours: hours, time: quote.time)
    }

    /// Open interest in coins, when live and streamed.
    public func openInterestCoins(_ instrument: Instrument) -> Double? {
        quote(instrument)?.openInterestCoins(instrument)
    }

    func noteFundingInterval(_ instrument: Instrument, hours: Double) {
        guard configuration.enabled, hours > 0 else { return }
        state.withLock { $0.fundingHours[instrument] = hours }
    }

    /// Whether every connection of `venue` is live (tests, health).
    public func isLive(_ venue: StreamVenue) -> Bool {
        let shards = state.withLock { $0.shards[venue] ?? [] }
        return !shards.isEmpty && shards.allSatisfy { $0.isLive(within: configuration.silenceLimit) }
    }

    /// Publishes each venue's connection count and message age (the shards call it as they beat).
    func publishState(_ venue: StreamVenue) {
        let shards = state.withLock { $0.shards[venue] ?? [] }
        let now = clock.now
        let live = shards.filter { $0.isLive(within: configuration.silenceLimit) }
        let age = shards.map { $0.lastHeard.map { $0.duration(to: now) } ?? .seconds(0) }.max() ?? .zero
        metrics.streamState(venue, connected: live.count, lastMessageAge: Double(age.wholeNanoseconds) / 1e9)
    }
}
