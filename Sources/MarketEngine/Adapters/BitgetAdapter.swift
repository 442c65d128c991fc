/// Bitget v2 (spot and `USDT-FUTURES`). Everything comes in a
/// `{"code":"00000","msg":"success","requestTime":…,"data":…}` envelope with every number a
/// string; errors keep the envelope with another code and `data: null` (HTTP 200 or 4xx).
/// Percent fields are fractions, perpetual sizes are base coin (no contracts), and there is
/// no open-interest history in v2.
public struct BitgetAdapter: ExchangeAdapter {
    public let exchange = Exchange.bitget
    let gateway: ExchangeGateway

    public init(gateway: ExchangeGateway) {
        self.gateway = gateway
    }

    static let success = "00000"
    static let productType = "USDT-FUTURES"
    /// The exchange's own maxima on `limit` (spot fills 500, mix fills 100, candles 1000).
    static let maxSpotTrades = 500
    static let maxPerpTrades = 100
    static let maxCandles = 1000

    struct Envelope<Payload: Decodable>: Decodable {
        let code: String
        let msg: String
        let requestTime: Int64?
        let data: Payload?

        enum CodingKeys: String, CodingKey { case code, msg, message, requestTime, data }

        /// Only a successful answer must carry `data` in full; an error's is `null`. The
        /// spot account pages spell `msg` as `message`.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decode(String.self, forKey: .code) {
                code = text
            } else {
                code = String(try container.decode(Int.self, forKey: .code))
            }
            msg =
                (try? container.decodeIfPresent(String.self, forKey: .msg))
                ?? (try? container.decodeIfPresent(String.self, forKey: .message)) ?? ""
            requestTime = (try? container.decodeIfPresent(WireNumber.self, forKey: .requestTime))?.int64
            data = code == BitgetAdapter.success ? try container.decodeIfPresent(Payload.self, forKey: .data) : nil
        }
    }

    /// The payload of a decoded envelope, or the failure its code names. Code `429` inside a
    /// body is Bitget's rate limit (its limits are per second), so it stops requests as an
    /// HTTP 429 does.
    static func unwrap<Payload>(_ envelope: Envelope<Payload>, gateway: ExchangeGateway) async throws
        -> (data: Payload, time: Int64?)
    {
        guard envelope.code == success else {
            if envelope.code == "429" { throw await gateway.limiter.ban(.bitget, forSeconds: 1) }
            throw MarketFailure.rejected(.bitget, code: envelope.code, message: envelope.msg)
        }
        guard let data = envelope.data else { throw MarketFailure.badResponse(.bitget, reason: "missing data") }
        return (data, envelope.requestTime)
    }

    struct SymbolItem: Decodable {
        let symbol: String
        let baseCoin: String
        let quoteCoin: String
        let status: String
    }

    struct ContractItem: Decodable {
        let symbol: String
        let baseCoin: String
        let quoteCoin: String
        let symbolType: String?
        let symbolStatus: String?
    }

    struct TickerItem: Decodable {
        let symbol: String
        let lastPr: WireNumber
        /// Spot says `open`, mix says `open24h`.
        let open: WireNumber?
        let open24h: WireNumber?
        let high24h: WireNumber?
        let low24h: WireNumber?
        /// A fraction: `0.01` is 1 %.
        let change24h: WireNumber?
        let baseVolume: WireNumber?
        let quoteVolume: WireNumber?
        let usdtVolume: WireNumber?
        let ts: WireNumber?
        /// Mix tickers only: the funding rate (a fraction) and open interest in coins.
        let fundingRate: WireNumber?
        let holdingAmount: WireNumber?
    }

    struct FundingItem: Decodable {
        let symbol: String?
        let fundingRate: WireNumber?
        /// Hours.
        let fundingRateInterval: WireNumber?
        /// Milliseconds of the next settlement.
        let nextUpdate: WireNumber?
    }

    private func call<Payload: Decodable>(_ path: String, _ query: [(String, String)], as type: Payload.Type)
        async throws -> (data: Payload, time: Int64?)
    {
        let response = try await gateway.get(path, query)
        let envelope = try decodeBody(Envelope<Payload>.self, from: response.body, exchange: exchange)
        return try await Self.unwrap(envelope, gateway: gateway)
    }

    /// Spot tickers for one symbol (the list has one element) or all of them.
    private func spotTickers(_ symbol: String?) async throws -> (data: [TickerItem], time: Int64?) {
        try await call(
            "/api/v2/spot/market/tickers", symbol.map { [("symbol", $0)] } ?? [], as: [TickerItem].self)
    }

    private func perpTickers(_ symbol: String?) async throws -> (data: [TickerItem], time: Int64?) {
        if let symbol {
            return try await call(
                "/api/v2/mix/market/ticker", [("productType", Self.productType), ("symbol", symbol)],
                as: [TickerItem].self)
        }
        return try await call("/api/v2/mix/market/tickers", [("productType", Self.productType)], as: [TickerItem].self)
    }

    public func instruments(_ market: Market) async throws -> [Instrument] {
        if market == .spot {
            let (items, _) = try await call("/api/v2/spot/public/symbols", [], as: [SymbolItem].self)
            return items.compactMap { item in
                guard item.status == "online", !item.baseCoin.isEmpty else { return nil }
                return Instrument(
                    exchange: .bitget, market: .spot, symbol: item.symbol, base: item.baseCoin, quote: item.quoteCoin)
            }
        }
        // Paused for new positions or for API orders, a contract still trades and has data.
        let trading: Set<String> = ["normal", "limit_open", "restrictedAPI"]
        let (items, _) = try await call(
            "/api/v2/mix/market/contracts", [("productType", Self.productType)], as: [ContractItem].self)
        return items.compactMap { item in
            guard item.symbolType == "perpetual", trading.contains(item.symbolStatus ?? ""), !item.baseCoin.isEmpty
            else { return nil }
            return Instrument(
                exchange: .bitget, market: .perp, symbol: item.symbol, base: item.baseCoin, quote: item.quoteCoin)
        }
    }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        let (items, time) =
            instrument.market == .spot
            ? try await spotTickers(instrument.symbol) : try await perpTickers(instrument.symbol)
        guard let item = items.first(where: { $0.symbol == instrument.symbol }) ?? items.first else {
            throw MarketFailure.badResponse(exchange, reason: "empty ticker list")
        }
        return try unify(item, instrument, time)
    }

    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] {
        let (items, time) = market == .spot ? try await spotTickers(nil) : try await perpTickers(nil)
        return try items.compactMap { item in
            guard let instrument = instruments[item.symbol] else { return nil }
            return try unify(item, instrument, time)
        }
    }

    /// Two requests, the fewest the API allows: `symbol-price` has mark and index but no
    /// funding; `current-fund-rate` has the rate, the interval and when the next payment is.
    /// The perp ticker carries mark, index and rate as well, but `/price` reads it at the same
    /// moment for its own cache entry: another path spares the same request twice.
    /// The mix tickers carry funding and open interest (`holdingAmount`, coins) for every
    /// perpetual.
    public func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading] {
        let (items, time) = try await perpTickers(nil)
        var readings: [String: PerpReading] = [:]
        for item in items where instruments[item.symbol] != nil {
            readings[item.symbol] = PerpReading(
                fundingRate: item.fundingRate?.value, openInterestBase: item.holdingAmount?.value,
                time: item.ts?.int64 ?? time ?? gateway.clock.wallMilliseconds)
        }
        return readings
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        async let prices = symbolPrice(instrument)
        async let fundings = call(
            "/api/v2/mix/market/current-fund-rate", [("symbol", instrument.symbol), ("productType", Self.productType)],
            as: [FundingItem].self)
        let price = try await prices
        let (rates, _) = try await fundings
        guard let funding = rates.first(where: { $0.symbol == instrument.symbol }) ?? rates.first else {
            throw MarketFailure.badResponse(exchange, reason: "empty funding")
        }
        return PerpTicker(
            instrument: instrument, markPrice: try required(price.item.markPrice, "markPrice", exchange),
            indexPrice: try required(price.item.indexPrice, "indexPrice", exchange),
            fundingRate: try required(funding.fundingRate, "fundingRate", exchange),
            nextFundingTime: funding.nextUpdate?.int64 ?? 0,
            fundingIntervalHours: funding.fundingRateInterval?.value ?? 8,
            time: price.item.ts?.int64 ?? price.time ?? gateway.clock.wallMilliseconds)
    }

    struct PriceItem: Decodable {
        let symbol: String
        let markPrice: WireNumber?
        let indexPrice: WireNumber?
        let ts: WireNumber?
    }

    /// Last, index and mark of one contract.
    private func symbolPrice(_ instrument: Instrument) async throws -> (item: PriceItem, time: Int64?) {
        let (items, time) = try await call(
            "/api/v2/mix/market/symbol-price", [("productType", Self.productType), ("symbol", instrument.symbol)],
            as: [PriceItem].self)
        guard let item = items.first(where: { $0.symbol == instrument.symbol }) ?? items.first else {
            throw MarketFailure.badResponse(exchange, reason: "empty symbol price")
        }
        return (item, time)
    }

    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        let spot = instrument.market == .spot
        let (rows, _) =
            spot
            ? try await call(
                "/api/v2/spot/market/candles",
                [
                    ("symbol", instrument.symbol), ("granularity", interval.bitgetSpot),
                    ("limit", String(min(limit, Self.maxCandles))),
                ], as: [[WireNumber]].self)
            : try await call(
                "/api/v2/mix/market/candles",
                [
                    ("symbol", instrument.symbol), ("productType", Self.productType),
                    ("granularity", interval.bitgetPerp), ("limit", String(min(limit, Self.maxCandles))),
                ], as: [[WireNumber]].self)
        // Spot: ts, o, h, l, c, base, USDT, quote volume. Mix: ts, o, h, l, c, base, quote.
        let quoteColumn = spot ? 7 : 6
        let candles = try rows.map { row throws(MarketFailure) -> Candle in
            guard row.count > quoteColumn, let openTime = row[0].int64 else {
                throw .badResponse(exchange, reason: "short candle row")
            }
            return Candle(
                openTime: openTime, open: try required(row[1], "open", exchange),
                high: try required(row[2], "high", exchange), low: try required(row[3], "low", exchange),
                close: try required(row[4], "close", exchange),
                volume: try required(row[5], "baseVolume", exchange),
                quoteVolume: try required(row[quoteColumn], "quoteVolume", exchange), takerBuyVolume: nil,
                isClosed: true)
        }
        // Oldest first as documented, but nothing in a row says "closed": the newest is the
        // bar still forming.
        var ordered = candles
        if let first = ordered.first, let last = ordered.last, first.openTime > last.openTime { ordered.reverse() }
        if !ordered.isEmpty { ordered[ordered.count - 1].isClosed = false }
        return ordered
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        struct Item: Decodable {
            let price: WireNumber
            let size: WireNumber
            let side: String
            let ts: WireNumber
        }
        let (items, _) =
            instrument.market == .spot
            ? try await call(
                "/api/v2/spot/market/fills",
                [("symbol", instrument.symbol), ("limit", String(min(limit, Self.maxSpotTrades)))], as: [Item].self)
            : try await call(
                "/api/v2/mix/market/fills",
                [
                    ("symbol", instrument.symbol), ("productType", Self.productType),
                    ("limit", String(min(limit, Self.maxPerpTrades))),
                ], as: [Item].self)
        // Newest first on the wire. The docs say "buy"/"sell", live answers "Buy"/"Sell".
        return try items.reversed().map { item throws(MarketFailure) in
            Trade(
                price: try required(item.price, "price", exchange), size: try required(item.size, "size", exchange),
                takerSide: item.side.lowercased() == "buy" ? .buy : .sell, time: item.ts.int64 ?? 0)
        }
    }

    /// `size` is base coin; its USD value takes the mark from `symbol-price`, read concurrently.
    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        struct Payload: Decodable {
            struct Item: Decodable {
                let symbol: String
                let size: WireNumber
            }
            let openInterestList: [Item]
            let ts: WireNumber?
        }
        async let interest = call(
            "/api/v2/mix/market/open-interest", [("symbol", instrument.symbol), ("productType", Self.productType)],
            as: Payload.self)
        async let prices = symbolPrice(instrument)
        let (payload, time) = try await interest
        let price = try await prices
        guard
            let item = payload.openInterestList.first(where: { $0.symbol == instrument.symbol })
                ?? payload.openInterestList.first
        else {
            throw MarketFailure.badResponse(exchange, reason: "empty open interest")
        }
        let base = try required(item.size, "size", exchange)
        return OpenInterest(
            time: payload.ts?.int64 ?? time ?? gateway.clock.wallMilliseconds, base: base,
            usd: base * (try required(price.item.markPrice, "markPrice", exchange)))
    }

    public var hasOpenInterestHistory: Bool { false }

    /// v2 publishes no open interest over time.
    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    { [] }

    private func unify(_ item: TickerItem, _ instrument: Instrument, _ time: Int64?) throws(MarketFailure) -> Ticker {
        let last = try required(item.lastPr, "lastPr", exchange)
        let change: Double
        if let fraction = item.change24h?.value {
            change = fraction * 100
        } else if let open = (item.open24h ?? item.open)?.value, open > 0 {
            change = (last / open - 1) * 100
        } else {
            change = 0
        }
        return Ticker(
            instrument: instrument, last: last, changePercent: change, high: item.high24h?.value ?? 0,
            low: item.low24h?.value ?? 0, baseVolume: item.baseVolume?.value ?? 0,
            quoteVolume: item.quoteVolume?.value ?? item.usdtVolume?.value ?? 0,
            time: item.ts?.int64 ?? time ?? gateway.clock.wallMilliseconds)
    }
}

extension Interval {
    /// Days in UTC (`1Dutc`): Bitget's plain `1day` starts at 00:00 UTC+8, unlike every
    /// other exchange's day here.
    fileprivate var bitgetSpot: String {
        switch self {
        case .m1: "1min"
        case .m5: "5min"
        case .m15: "15min"
        case .m30: "30min"
        case .h1: "1h"
        case .h4: "4h"
        case .d1: "1Dutc"
        }
    }

    fileprivate var bitgetPerp: String {
        switch self {
        case .m1: "1m"
        case .m5: "5m"
        case .m15: "15m"
        case .m30: "30m"
        case .h1: "1H"
        case .h4: "4H"
        case .d1: "1Dutc"
        }
    }
}
