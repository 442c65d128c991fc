/// Bybit v5 (`category=spot` and `linear`). Everything comes in a
/// `{"retCode":0,"retMsg":"OK","result":{…},"time":…}` envelope, errors mostly as HTTP 200
/// with a non-zero `retCode`; `price24hPcnt` is a fraction.
public struct BybitAdapter: ExchangeAdapter {
    public let exchange = Exchange.bybit
    let gateway: ExchangeGateway

    public init(gateway: ExchangeGateway) {
        self.gateway = gateway
    }

    struct Envelope<Result: Decodable>: Decodable {
        let retCode: Int
        let retMsg: String
        let result: Result?
        let time: Int64?

        enum CodingKeys: String, CodingKey { case retCode, retMsg, result, time }

        /// On an error `result` is `{}`; only a successful answer must have the full shape.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            retCode = try container.decode(Int.self, forKey: .retCode)
            retMsg = try container.decodeIfPresent(String.self, forKey: .retMsg) ?? ""
            time = try container.decodeIfPresent(Int64.self, forKey: .time)
            result = retCode == 0 ? try container.decode(Result.self, forKey: .result) : nil
        }
    }

    struct Page<Item: Decodable>: Decodable {
        let list: [Item]
        let nextPageCursor: String?
    }

    struct InstrumentItem: Decodable {
        let symbol: String
        let baseCoin: String
        let quoteCoin: String
        let status: String
        let contractType: String?
    }

    struct TickerItem: Decodable {
        let symbol: String
        let lastPrice: WireNumber
        let price24hPcnt: WireNumber?
        let highPrice24h: WireNumber?
        let lowPrice24h: WireNumber?
        let volume24h: WireNumber?
        let turnover24h: WireNumber?
        let markPrice: WireNumber?
        let indexPrice: WireNumber?
        let fundingRate: WireNumber?
        let nextFundingTime: WireNumber?
        let fundingIntervalHour: WireNumber?
        let openInterest: WireNumber?
        let openInterestValue: WireNumber?
    }

    private func category(_ market: Market) -> String { market == .spot ? "spot" : "linear" }

    private func call<Result: Decodable>(_ path: String, _ query: [(String, String)], as type: Result.Type) async throws
        -> (Result, Int64)
    {
        let response = try await gateway.get(path, query)
        let envelope = try decodeBody(Envelope<Result>.self, from: response.body, exchange: exchange)
        guard envelope.retCode == 0, let result = envelope.result else {
            if envelope.retCode == 10006 { throw await gateway.limiter.ban(exchange, forSeconds: 1) }
            throw MarketFailure.rejected(exchange, code: String(envelope.retCode), message: envelope.retMsg)
        }
        return (result, envelope.time ?? gateway.clock.wallMilliseconds)
    }

    public func instruments(_ market: Market) async throws -> [Instrument] {
        var instruments: [Instrument] = []
        var cursor: String?
        for _ in 0..<10 {  // 1000 a page; ten pages is far beyond any listing
            var query = [("category", category(market)), ("limit", "1000")]
            if let cursor, !cursor.isEmpty { query.append(("cursor", cursor)) }
            let (page, _) = try await call("/v5/market/instruments-info", query, as: Page<InstrumentItem>.self)
            instruments += page.list.compactMap { item in
                guard item.status == "Trading", market == .spot || item.contractType == "LinearPerpetual" else {
                    return nil
                }
                return Instrument(
                    exchange: .bybit, market: market, symbol: item.symbol, base: item.baseCoin, quote: item.quoteCoin)
            }
            cursor = page.nextPageCursor
            if cursor?.isEmpty ?? true { break }
        }
        return instruments
    }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        let (page, time) = try await call(
            "/v5/market/tickers", [("category", category(instrument.market)), ("symbol", instrument.symbol)],
            as: Page<TickerItem>.self)
        guard let item = page.list.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker list") }
        return try unify(item, instrument, time)
    }

    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] {
        let (page, time) = try await call(
            "/v5/market/tickers", [("category", category(market))], as: Page<TickerItem>.self)
        return try page.list.compactMap { item in
            guard let instrument = instruments[item.symbol] else { return nil }
            return try unify(item, instrument, time)
        }
    }

    /// The linear tickers carry funding and open interest for every perpetual.
    public func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading] {
        let (page, time) = try await call("/v5/market/tickers", [("category", "linear")], as: Page<TickerItem>.self)
        var readings: [String: PerpReading] = [:]
        for item in page.list where instruments[item.symbol] != nil {
            readings[item.symbol] = PerpReading(
                fundingRate: item.fundingRate?.value, openInterestBase: item.openInterest?.value, time: time)
        }
        return readings
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        let (page, time) = try await call(
            "/v5/market/tickers", [("category", "linear"), ("symbol", instrument.symbol)], as: Page<TickerItem>.self)
        guard let item = page.list.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker list") }
        return PerpTicker(
            instrument: instrument, markPrice: try required(item.markPrice, "markPrice", exchange),
            indexPrice: try required(item.indexPrice, "indexPrice", exchange),
            fundingRate: item.fundingRate?.value ?? 0,
            nextFundingTime: item.nextFundingTime?.int64 ?? 0,
            fundingIntervalHours: item.fundingIntervalHour?.value ?? 8,
            time: time)
    }

    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        struct Rows: Decodable { let list: [[WireNumber]] }
        let (rows, _) = try await call(
            "/v5/market/kline",
            [
                ("category", category(instrument.market)), ("symbol", instrument.symbol), ("interval", interval.bybit),
                ("limit", String(limit)),
            ], as: Rows.self)
        // Newest first; the first row is the bar still forming.
        return try rows.list.enumerated().reversed().map { index, row throws(MarketFailure) in
            guard row.count >= 7, let openTime = row[0].int64 else {
                throw .badResponse(exchange, reason: "short kline row")
            }
            return Candle(
                openTime: openTime, open: try required(row[1], "open", exchange),
                high: try required(row[2], "high", exchange),
                low: try required(row[3], "low", exchange), close: try required(row[4], "close", exchange),
                volume: try required(row[5], "volume", exchange),
                quoteVolume: try required(row[6], "turnover", exchange),
                takerBuyVolume: nil, isClosed: index != 0)
        }
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        struct Item: Decodable {
            let price: WireNumber
            let size: WireNumber
            let side: String
            let time: WireNumber
        }
        let (page, _) = try await call(
            "/v5/market/recent-trade",
            [
                ("category", category(instrument.market)), ("symbol", instrument.symbol),
                ("limit", String(min(limit, instrument.market == .spot ? 60 : 1000))),
            ],
            as: Page<Item>.self)
        return try page.list.reversed().map { item throws(MarketFailure) in
            Trade(
                price: try required(item.price, "price", exchange), size: try required(item.size, "size", exchange),
                takerSide: item.side == "Buy" ? .buy : .sell, time: item.time.int64 ?? 0)
        }
    }

    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        let (page, time) = try await call(
            "/v5/market/tickers", [("category", "linear"), ("symbol", instrument.symbol)], as: Page<TickerItem>.self)
        guard let item = page.list.first, let base = item.openInterest?.value else {
            throw MarketFailure.badResponse(exchange, reason: "missing openInterest")
        }
        return OpenInterest(
            time: time, base: base, usd: item.openInterestValue?.value ?? base * (item.markPrice?.value ?? 0))
    }

    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    {
        struct Item: Decodable {
            let openInterest: WireNumber
            let timestamp: WireNumber
        }
        let intervalTime =
            switch period {
            case .m1, .m5: "5min"
            case .m15: "15min"
            case .m30: "30min"
            case .h1: "1h"
            case .h4: "4h"
            case .d1: "1d"
            }
        let (page, _) = try await call(
            "/v5/market/open-interest",
            [
                ("category", "linear"), ("symbol", instrument.symbol), ("intervalTime", intervalTime),
                ("limit", String(limit)),
            ],
            as: Page<Item>.self)
        // Linear OI is in base coin; Bybit gives no USD value per point.
        return try page.list.reversed().map { item throws(MarketFailure) in
            OpenInterest(
                time: item.timestamp.int64 ?? 0, base: try required(item.openInterest, "openInterest", exchange), usd: 0
            )
        }
    }

    private func unify(_ item: TickerItem, _ instrument: Instrument, _ time: Int64) throws(MarketFailure) -> Ticker {
        Ticker(
            instrument: instrument, last: try required(item.lastPrice, "lastPrice", exchange),
            changePercent: (item.price24hPcnt?.value ?? 0) * 100, high: item.highPrice24h?.value ?? 0,
            low: item.lowPrice24h?.value ?? 0, baseVolume: item.volume24h?.value ?? 0,
            quoteVolume: item.turnover24h?.value ?? 0, time: time)
    }
}
