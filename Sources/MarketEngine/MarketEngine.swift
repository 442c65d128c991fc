import AsyncHTTPClient
import Logging
import Synchronization

/// The market data the commands need, in-process: adapters created on first use, every
/// upstream read through one TTL cache that merges identical in-flight requests, and
/// partial results with the failing exchange named.
public final class MarketEngine: Sendable {
    /// Base URLs; settings point them at the simulator in tests and the demo.
    public struct Endpoints: Sendable {
        public var binanceSpot = "https://api.binance.com"
        public var binanceFutures = "https://fapi.binance.com"
        public var bybit = "https://api.bybit.com"
        public var okx = "https://www.okx.com"
        public var bitget = "https://api.bitget.com"
        public var gate = "https://api.gateio.ws"
        public var mexcSpot = "https://api.mexc.com"
        public var mexcFutures = "https://contract.mexc.com"

        public init() {}

        /// Every exchange at one base URL: the simulator serves them all on one port. MEXC's
        /// spot paths are Binance's (`/api/v3/…`), so the simulator serves MEXC spot under
        /// `/mexc`.
        public init(allAt url: String) {
            binanceSpot = url
            binanceFutures = url
            bybit = url
            okx = url
            bitget = url
            gate = url
            mexcSpot = url + Self.simulatedMEXCSpotPrefix
            mexcFutures = url
        }

        /// Where the simulator serves MEXC spot (`MEXC_SPOT_URL=<simulator>/mexc`).
        public static let simulatedMEXCSpotPrefix = "/mexc"

        /// The setting that sets each base URL (README, "Settings"): what `market-sim
        /// --env-file` writes and the system tests set, so that no request leaves loopback.
        public static var settingNames: [(name: String, url: WritableKeyPath<Endpoints, String>)] {
            [
                ("BINANCE_SPOT_URL", \.binanceSpot), ("BINANCE_FUTURES_URL", \.binanceFutures),
                ("BYBIT_URL", \.bybit), ("OKX_URL", \.okx), ("BITGET_URL", \.bitget), ("GATE_URL", \.gate),
                ("MEXC_SPOT_URL", \.mexcSpot), ("MEXC_FUTURES_URL", \.mexcFutures),
            ]
        }

        /// These base URLs as settings (`NAME`, value).
        public var settings: [(name: String, value: String)] {
            Self.settingNames.map { ($0.name, self[keyPath: $0.url]) }
        }
    }

    /// How long each kind of read is reused.
    public struct Freshness: Sendable {
        public var ticker: Duration = .seconds(2)
        public var allTickers: Duration = .seconds(5)
        public var funding: Duration = .seconds(10)
        /// Open interest read symbol by symbol, where an exchange has no bulk answer
        /// (Binance): what `oi` alerts compare over minutes to hours. At 10 s, 500 symbols
        /// watched took 2,000 requests a minute against Binance's 1,920 budget; at 60 s, 500.
        public var openInterestPerSymbol: Duration = .seconds(60)
        public var instruments: Duration = .seconds(3600)

        public init() {}
    }

    private let http: any ExchangeTransport
    private let endpoints: Endpoints
    private let policy: ExchangeGateway.Policy
    public let freshness: Freshness
    public let limiter: RateLimitGuard
    public let cache: CoalescingCache<AppClock>
    public let metrics: EngineMetrics
    private let logger: Logger
    private let adapters: Mutex<[Exchange: any ExchangeAdapter]>
    /// Every wait, cache lifetime and undated reading of the engine is on this clock.
    public let clock: AppClock
    /// The exchanges' pushed data, read first while live (nil: `STREAMS=off`, every read polls).
    public let streams: MarketStreams?

    public init(
        http: any ExchangeTransport, endpoints: Endpoints = Endpoints(), policy: ExchangeGateway.Policy = .init(),
        freshness: Freshness = Freshness(), cacheCapacity: Int = 2048, metrics: EngineMetrics = EngineMetrics(),
        limiter: RateLimitGuard? = nil, adapters: [Exchange: any ExchangeAdapter] = [:], clock: AppClock = .system,
        streams: MarketStreams? = nil, logger: Logger = Logger(label: "market")
    ) {
        self.clock = clock
        self.streams = streams
        self.limiter = limiter ?? RateLimitGuard(clock: clock)
        // Given adapters (tests: fixed values in memory) stand in for the exchange's own;
        // any exchange not given gets its real adapter on first use.
        self.adapters = Mutex(adapters)
        self.http = http
        self.endpoints = endpoints
        self.policy = policy
        self.freshness = freshness
        self.metrics = metrics
        self.logger = logger
        self.cache = CoalescingCache(capacity: cacheCapacity, metrics: metrics, clock: clock)
    }

    /// The adapter for `exchange`, made on first use.
    public func adapter(_ exchange: Exchange) -> any ExchangeAdapter {
        adapters.withLock { adapters in
            if let existing = adapters[exchange] { return existing }
            let made: any ExchangeAdapter =
                switch exchange {
                case .binance:
                    BinanceAdapter(
                        spot: gateway(.binance, endpoints.binanceSpot),
                        futures: gateway(.binance, endpoints.binanceFutures))
                case .bybit: BybitAdapter(gateway: gateway(.bybit, endpoints.bybit))
                case .okx: OKXAdapter(gateway: gateway(.okx, endpoints.okx))
                case .bitget: BitgetAdapter(gateway: gateway(.bitget, endpoints.bitget))
                case .gate: GateAdapter(gateway: gateway(.gate, endpoints.gate))
                case .mexc:
                    MEXCAdapter(
                        spot: gateway(.mexc, endpoints.mexcSpot), futures: gateway(.mexc, endpoints.mexcFutures))
                }
            adapters[exchange] = made
            return made
        }
    }

    /// Whether `exchange` publishes open-interest history (made on first use, like the adapter).
    public func hasOpenInterestHistory(_ exchange: Exchange) -> Bool { adapter(exchange).hasOpenInterestHistory }

    /// Exchanges whose adapter exists (used at least once).
    public var loadedExchanges: [Exchange] { adapters.withLock { Array($0.keys) } }

    private func gateway(_ exchange: Exchange, _ url: String) -> ExchangeGateway {
        ExchangeGateway(
            exchange: exchange, baseURL: url, http: http, policy: policy, limiter: limiter, metrics: metrics,
            clock: clock, logger: logger)
    }

    /// A gateway on the shared client and rate-limit guard, for the account adapters.
    func gateway(_ exchange: Exchange, _ endpoint: KeyPath<Endpoints, String>) -> ExchangeGateway {
        gateway(exchange, endpoints[keyPath: endpoint])
    }

    // MARK: Reads

    struct InstrumentList: Sendable {
        struct Pair: Hashable {
            let base: String
            let quote: String
        }

        let all: [Instrument]
        let bySymbol: [String: Instrument]
        /// The first listed instrument of each base/quote pair, so `/price` finds its pair
        /// without scanning a list of thousands.
        let byPair: [Pair: Instrument]

        init(_ all: [Instrument]) {
            self.all = all
            bySymbol = Dictionary(all.map { ($0.symbol, $0) }) { first, _ in first }
            byPair = Dictionary(all.map { (Pair(base: $0.base, quote: $0.quote), $0) }) { first, _ in first }
        }

        func instrument(for query: SymbolQuery) -> Instrument? {
            byPair[Pair(base: query.base, quote: query.quote)]
        }
    }

    func instrumentList(_ exchange: Exchange, _ market: Market) async throws -> InstrumentList {
        let adapter = adapter(exchange)
        return try await cache.value(CacheKey(.instruments, exchange, market: market), ttl: freshness.instruments) {
            InstrumentList(try await adapter.instruments(market))
        }
    }

    public func instruments(_ exchange: Exchange, _ market: Market) async throws -> [Instrument] {
        try await instrumentList(exchange, market).all
    }

    /// The instrument for what a person typed, or `.unknownSymbol` with suggestions, or
    /// `.notListed` when the pair exists on the exchange's other market only.
    public func resolve(_ input: String, on exchange: Exchange, market: Market) async throws -> Instrument {
        guard let query = SymbolQuery(input) else { throw MarketFailure.unknownSymbol(input, suggestions: []) }
        let list = try await instrumentList(exchange, market)
        if let found = SymbolResolver.find(query, in: list.all) { return found }
        throw MarketFailure.unknownSymbol(input, suggestions: SymbolResolver.suggestions(for: query, in: list.all))
    }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        if let streamed = streamedTicker(instrument) { return streamed }
        let adapter = adapter(instrument.exchange)
        return try await cache.value(Self.tickerKey(instrument), ttl: freshness.ticker) {
            try await adapter.ticker(instrument)
        }
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        if let streamed = streamedPerpTicker(instrument) { return streamed }
        let adapter = adapter(instrument.exchange)
        let read = try await cache.value(Self.fundingKey(instrument), ttl: freshness.funding) {
            try await adapter.perpTicker(instrument)
        }
        streams?.noteFundingInterval(instrument, hours: read.fundingIntervalHours)
        return read
    }

    /// The streamed ticker of `instrument` while its stream is live (and a note that it
    /// was asked for, which keeps it subscribed).
    func streamedTicker(_ instrument: Instrument) -> Ticker? {
        guard let streams else { return nil }
        streams.noteInterest(instrument)
        return streams.ticker(instrument)
    }

    func streamedPerpTicker(_ instrument: Instrument) -> PerpTicker? {
        guard let streams else { return nil }
        streams.noteInterest(instrument)
        return streams.perpTicker(instrument)
    }

    static func tickerKey(_ instrument: Instrument) -> CacheKey {
        CacheKey(.ticker, instrument.exchange, market: instrument.market, symbol: instrument.symbol)
    }

    static func fundingKey(_ instrument: Instrument) -> CacheKey {
        CacheKey(.funding, instrument.exchange, symbol: instrument.symbol)
    }

    /// Every ticker of a market in one upstream call.
    public func tickers(_ exchange: Exchange, _ market: Market) async throws -> [Ticker] {
        let list = try await instrumentList(exchange, market)
        let adapter = adapter(exchange)
        return try await cache.value(CacheKey(.tickers, exchange, market: market), ttl: freshness.allTickers) {
            try await adapter.tickers(market, instruments: list.bySymbol)
        }
    }

    /// Every perpetual's funding and open interest from the exchange's bulk answers, by
    /// symbol (empty where it has none): what alerts read, a request or two per exchange
    /// however many symbols are watched.
    public func perpReadings(_ exchange: Exchange) async throws -> [String: PerpReading] {
        let list = try await instrumentList(exchange, .perp)
        let adapter = adapter(exchange)
        return try await cache.value(CacheKey(.perpReadings, exchange, market: .perp), ttl: freshness.funding) {
            try await adapter.perpReadings(instruments: list.bySymbol)
        }
    }

    /// Coins open on the perpetual (no value in USD: one request fewer on some exchanges).
    public func openInterestCoins(_ instrument: Instrument) async throws -> Double {
        let adapter = adapter(instrument.exchange)
        return try await cache.value(
            CacheKey(.openInterestCoins, instrument.exchange, symbol: instrument.symbol),
            ttl: freshness.openInterestPerSymbol
        ) {
            try await adapter.openInterestCoins(instrument)
        }
    }

    /// Candles, reused for a tenth of the interval (5 s to 60 s).
    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        let adapter = adapter(instrument.exchange)
        let ttl = Duration.milliseconds(min(max(interval.milliseconds / 10, 5_000), 60_000))
        let key = CacheKey(
            .candles, instrument.exchange, market: instrument.market, symbol: instrument.symbol, interval: interval,
            limit: limit)
        return try await cache.value(key, ttl: ttl) {
            try await adapter.candles(instrument, interval: interval, limit: limit)
        }
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        let adapter = adapter(instrument.exchange)
        let key = CacheKey(
            .trades, instrument.exchange, market: instrument.market, symbol: instrument.symbol, limit: limit)
        return try await cache.value(key, ttl: freshness.ticker) {
            try await adapter.trades(instrument, limit: limit)
        }
    }

    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        let adapter = adapter(instrument.exchange)
        return try await cache.value(
            CacheKey(.openInterest, instrument.exchange, symbol: instrument.symbol), ttl: freshness.funding
        ) {
            try await adapter.openInterest(instrument)
        }
    }

    /// Empty, without a request, for an exchange that publishes no history
    /// (`hasOpenInterestHistory`).
    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    {
        let adapter = adapter(instrument.exchange)
        guard adapter.hasOpenInterestHistory else { return [] }
        let key = CacheKey(
            .openInterestHistory, instrument.exchange, symbol: instrument.symbol, interval: period, limit: limit)
        return try await cache.value(key, ttl: .seconds(60)) {
            try await adapter.openInterestHistory(instrument, period: period, limit: limit)
        }
    }

    // MARK: Combined views

    /// The top `count` pairs quoted in `quote` by 24 h quote volume or change. Rankings by
    /// change skip pairs with under 100,000 of quote volume, where one trade moves the price.
    public func top(
        _ ranking: TopRanking, on exchange: Exchange, market: Market, quote: String = "USDT", count: Int = 10
    )
        async throws -> [Ticker]
    {
        let eligible = try await tickers(exchange, market).filter { $0.instrument.quote == quote && $0.last > 0 }
        switch ranking {
        case .volume:
            return Array(eligible.sorted { $0.quoteVolume > $1.quoteVolume }.prefix(count))
        case .gainers:
            return Array(
                eligible.filter { $0.quoteVolume >= 100_000 }.sorted { $0.changePercent > $1.changePercent }.prefix(
                    count))
        case .losers:
            return Array(
                eligible.filter { $0.quoteVolume >= 100_000 }.sorted { $0.changePercent < $1.changePercent }.prefix(
                    count))
        }
    }
}

extension Result where Failure == any Error {
    /// `Result(catching:)` for async work, so concurrent parts can fail independently.
    public init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
