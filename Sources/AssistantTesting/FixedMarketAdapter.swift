import AsyncHTTPClient
import MarketEngine

/// One exchange's market data as fixed values in memory, for command and rendering tests
/// through `MarketEngine(adapters:)`: the engine's caching, symbol resolution and reports
/// run as they do in production, without a socket. A read of something not given fails as
/// an exchange that does not list it would.
public struct FixedMarketAdapter: ExchangeAdapter {
    public let exchange: Exchange
    public var instruments: [Market: [Instrument]] = [:]
    public var tickers: [Instrument: Ticker] = [:]
    public var perpTickers: [Instrument: PerpTicker] = [:]
    public var candles: [Instrument: [Candle]] = [:]
    public var trades: [Instrument: [Trade]] = [:]
    public var openInterest: [Instrument: OpenInterest] = [:]
    public var openInterestHistory: [Instrument: [OpenInterest]] = [:]

    public init(exchange: Exchange) {
        self.exchange = exchange
    }

    /// A spot and a perp `base`/USDT pair priced at `spot` and `mark`, with funding, at `time`.
    public mutating func list(
        _ base: String, spot: Double, mark: Double, fundingRate: Double = 0.0001, changePercent: Double = 1.5,
        quoteVolume: Double = 1_000_000_000, time: Int64
    ) {
        let symbol = base + "USDT"
        let spotInstrument = Instrument(exchange: exchange, market: .spot, symbol: symbol, base: base, quote: "USDT")
        let perpInstrument = Instrument(exchange: exchange, market: .perp, symbol: symbol, base: base, quote: "USDT")
        instruments[.spot, default: []].append(spotInstrument)
        instruments[.perp, default: []].append(perpInstrument)
        tickers[spotInstrument] = Ticker(
            instrument: spotInstrument, last: spot, changePercent: changePercent, high: spot * 1.02, low: spot * 0.97,
            baseVolume: quoteVolume / spot, quoteVolume: quoteVolume, time: time)
        tickers[perpInstrument] = Ticker(
            instrument: perpInstrument, last: mark, changePercent: changePercent, high: mark * 1.02, low: mark * 0.97,
            baseVolume: quoteVolume / mark, quoteVolume: quoteVolume, time: time)
        perpTickers[perpInstrument] = PerpTicker(
            instrument: perpInstrument, markPrice: mark, indexPrice: spot, fundingRate: fundingRate,
            nextFundingTime: time + 3_600_000, fundingIntervalHours: 8, time: time)
    }

    /// 300 hourly candles of a slow rise with every fourth bar falling, trades both ways, and
    /// open interest with a day of history, for every pair the adapter lists.
    public mutating func addHistory(until time: Int64) {
        for instrument in instruments.values.flatMap({ $0 }) {
            let last = tickers[instrument]?.last ?? 100
            var candles: [Candle] = []
            for index in 0..<300 {
                let close = last * (0.8 + 0.2 * Double(index) / 299)
                let open = index % 4 == 0 ? close * 1.01 : close * 0.99
                let volume = Double(100 + index % 7 * 30)
                candles.append(
                    Candle(
                        openTime: time - Int64(300 - index) * 3_600_000, open: open, high: max(open, close) * 1.005,
                        low: min(open, close) * 0.995, close: close, volume: volume, quoteVolume: volume * close,
                        takerBuyVolume: Double(60 + index % 5 * 10), isClosed: index < 299))
            }
            self.candles[instrument] = candles
            var trades: [Trade] = []
            for index in 0..<50 {
                let side: Trade.Side = index % 3 == 0 ? .sell : .buy
                trades.append(
                    Trade(
                        price: last, size: Double(index % 5 + 1), takerSide: side, time: time - Int64(50 - index) * 1000
                    ))
            }
            self.trades[instrument] = trades
            openInterest[instrument] = OpenInterest(time: time, base: 80_000, usd: 80_000 * last)
            var history: [OpenInterest] = []
            for index in 0..<30 {
                let hour = Int64(30 - index) * 3_600_000
                history.append(OpenInterest(time: time - hour, base: 70_000 + Double(index) * 300, usd: 0))
            }
            openInterestHistory[instrument] = history
        }
    }

    private func missing(_ instrument: Instrument) -> MarketFailure {
        MarketFailure(.notListed(pair: instrument.pair, market: instrument.market), exchange: exchange)
    }

    public func instruments(_ market: Market) async throws -> [Instrument] { instruments[market] ?? [] }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        guard let ticker = tickers[instrument] else { throw missing(instrument) }
        return ticker
    }

    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] {
        instruments.values.compactMap { tickers[$0] }
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        guard let ticker = perpTickers[instrument] else { throw missing(instrument) }
        return ticker
    }

    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        guard let candles = candles[instrument] else { throw missing(instrument) }
        return Array(candles.suffix(limit))
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        Array((trades[instrument] ?? []).suffix(limit))
    }

    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        guard let value = openInterest[instrument] else { throw missing(instrument) }
        return value
    }

    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    {
        Array((openInterestHistory[instrument] ?? []).suffix(limit))
    }
}

extension MarketEngine {
    /// An engine over fixed data only: every exchange not among `adapters` lists nothing, so
    /// that no read ever reaches for a real exchange's address.
    public static func fixed(
        _ adapters: [FixedMarketAdapter], http: HTTPClient = .shared, clock: AppClock = .system
    ) -> MarketEngine {
        var all: [Exchange: any ExchangeAdapter] = [:]
        for exchange in Exchange.allCases { all[exchange] = FixedMarketAdapter(exchange: exchange) }
        for adapter in adapters { all[adapter.exchange] = adapter }
        return MarketEngine(http: http, adapters: all, clock: clock)
    }
}
