/// MEXC spot v3 (`/api/v3`, Binance's paths) and contract v1 (`/api/v1/contract`).
///
/// Spot is Binance-like but not Binance: `priceChangePercent` is a fraction, `quoteVolume`
/// may be null, klines have 8 columns and no taker volume, errors are `{"code":10007,"msg":…}`
/// with a 4xx. Contract answers are `{"success":true,"code":0,"data":…}` with plain JSON
/// numbers, sizes in contracts of `contractSize` base units, column-oriented klines timed in
/// seconds, and errors as `{"success":false,"code":…,"message":…}`, often inside an HTTP 200.
/// MEXC publishes no open-interest history.
public struct MEXCAdapter: ExchangeAdapter {
    public let exchange = Exchange.mexc
    let spot: ExchangeGateway
    let futures: ExchangeGateway

    public init(spot: ExchangeGateway, futures: ExchangeGateway) {
        self.spot = spot
        self.futures = futures
    }

    // MARK: Requests

    /// Spot's body, or its `{"code","msg"}` as a rejection.
    private func spotBody(_ path: String, _ query: [(String, String)] = []) async throws -> [UInt8] {
        try Self.spotChecked(try await spot.get(path, query))
    }

    static func spotChecked(_ response: ExchangeResponse) throws(MarketFailure) -> [UInt8] {
        guard response.status >= 400 else { return response.body }
        let error = try decodeBody(ErrorBody.self, from: response.body, exchange: .mexc)
        throw .rejected(.mexc, code: String(error.code), message: error.msg)
    }

    private func contract<Payload: Decodable>(
        _ path: String, _ query: [(String, String)] = [], as type: Payload.Type
    ) async throws -> Payload {
        let response = try await futures.get(path, query)
        let envelope = try decodeBody(Envelope<Payload>.self, from: response.body, exchange: exchange)
        guard let data = envelope.data else {
            throw await Self.contractFailure(envelope.code, envelope.message, limiter: futures.limiter)
        }
        return data
    }

    /// A contract error code as a failure. 510 ("Requests are too frequent") stops every
    /// request to MEXC for 5 s, the longest documented window (`contract/detail`: once per 5 s).
    static func contractFailure(_ code: Int, _ message: String?, limiter: RateLimitGuard) async -> MarketFailure {
        if code == 510 { return await limiter.ban(.mexc, forSeconds: 5) }
        return .rejected(.mexc, code: String(code), message: message ?? "")
    }

    /// A contract symbol as a path segment (`/funding_rate/BTC_USDT`).
    private func segment(_ instrument: Instrument) -> String {
        ExchangeGateway.percentEncode(instrument.symbol)
    }

    // MARK: Market data

    public func instruments(_ market: Market) async throws -> [Instrument] {
        if market == .spot {
            let info = try decodeBody(
                ExchangeInfo.self, from: try await spotBody("/api/v3/exchangeInfo"), exchange: exchange)
            return info.symbols.compactMap { item in
                guard item.status.isTrading else { return nil }
                return Instrument(
                    exchange: .mexc, market: .spot, symbol: item.symbol, base: item.baseAsset, quote: item.quoteAsset)
            }
        }
        let contracts = try await contract("/api/v1/contract/detail", as: OneOrMany<Contract>.self).items
        return contracts.compactMap { item in
            // State 0 is trading; linear means settled in the quote coin.
            guard item.state == 0, item.futureType ?? 1 == 1, item.settleCoin == item.quoteCoin,
                let size = item.contractSize.value, size > 0
            else { return nil }
            return Instrument(
                exchange: .mexc, market: .perp, symbol: item.symbol, base: item.baseCoin, quote: item.quoteCoin,
                contractValue: size)
        }
    }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        if instrument.market == .spot {
            let items = try decodeBody(
                OneOrMany<SpotTicker>.self,
                from: try await spotBody("/api/v3/ticker/24hr", [("symbol", instrument.symbol)]), exchange: exchange
            ).items
            guard let item = items.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker") }
            return try unify(item, instrument)
        }
        return try unify(try await contractTicker(instrument), instrument)
    }

    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] {
        if market == .spot {
            let items = try decodeBody(
                [SpotTicker].self, from: try await spotBody("/api/v3/ticker/24hr"), exchange: exchange)
            return try items.compactMap { item in
                guard let instrument = instruments[item.symbol] else { return nil }
                return try unify(item, instrument)
            }
        }
        let items = try await contract("/api/v1/contract/ticker", as: OneOrMany<ContractTicker>.self).items
        return try items.compactMap { item in
            guard let instrument = instruments[item.symbol] else { return nil }
            return try unify(item, instrument)
        }
    }

    /// The ticker carries mark (`fairPrice`), index and the rate; the funding endpoint adds
    /// the settlement time and cycle. Two requests, sent together.
    /// The contract tickers (all of them without `symbol`) carry funding and open interest
    /// (`holdVol`, in contracts).
    public func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading] {
        let items = try await contract("/api/v1/contract/ticker", as: OneOrMany<ContractTicker>.self).items
        var readings: [String: PerpReading] = [:]
        for item in items {
            guard let instrument = instruments[item.symbol] else { continue }
            readings[item.symbol] = PerpReading(
                fundingRate: item.fundingRate?.value,
                openInterestBase: item.holdVol?.value.map { $0 * instrument.contractValue },
                time: item.timestamp?.int64 ?? spot.clock.wallMilliseconds)
        }
        return readings
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        async let ticker = contractTicker(instrument)
        async let funding = contract(
            "/api/v1/contract/funding_rate/" + segment(instrument), as: FundingRate.self)
        let (item, rate) = try await (ticker, funding)
        return PerpTicker(
            instrument: instrument, markPrice: try required(item.fairPrice, "fairPrice", exchange),
            indexPrice: try required(item.indexPrice, "indexPrice", exchange),
            fundingRate: rate.fundingRate.value ?? item.fundingRate?.value ?? 0,
            nextFundingTime: rate.nextSettleTime?.int64 ?? 0,
            fundingIntervalHours: rate.collectCycle?.value ?? 8,
            time: item.timestamp?.int64 ?? rate.timestamp?.int64 ?? spot.clock.wallMilliseconds)
    }

    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        if instrument.market == .spot {
            let rows = try decodeBody(
                [[KlineField]].self,
                from: try await spotBody(
                    "/api/v3/klines",
                    [
                        ("symbol", instrument.symbol), ("interval", Self.spotInterval(interval)),
                        ("limit", String(min(limit, 1000))),
                    ]),
                exchange: exchange)
            // Without endTime the last row is the bar still forming.
            return try rows.enumerated().map { index, row throws(MarketFailure) in
                guard row.count >= 8, let openTime = row[0].integer else {
                    throw .badResponse(exchange, reason: "short kline row")
                }
                return Candle(
                    openTime: openTime, open: try row[1].number(exchange), high: try row[2].number(exchange),
                    low: try row[3].number(exchange), close: try row[4].number(exchange),
                    volume: try row[5].number(exchange), quoteVolume: try row[7].number(exchange),
                    takerBuyVolume: nil, isClosed: index < rows.count - 1)
            }
        }
        return try await contractCandles(instrument, interval: interval, limit: min(limit, 2000))
    }

    /// The contract kline takes a time range, not a count: the `limit` bars up to the one
    /// forming now, in seconds.
    private func contractCandles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        struct Columns: Decodable {
            let time: [WireNumber]
            let open: [WireNumber]
            let close: [WireNumber]
            let high: [WireNumber]
            let low: [WireNumber]
            let vol: [WireNumber]
            let amount: [WireNumber]
        }
        let step = interval.milliseconds / 1000
        let end = spot.clock.wallMilliseconds / 1000
        let start = end / step * step - Int64(max(limit, 1) - 1) * step
        let columns = try await contract(
            "/api/v1/contract/kline/" + segment(instrument),
            [("interval", Self.contractInterval(interval)), ("start", String(start)), ("end", String(end))],
            as: Columns.self)
        let count = columns.time.count
        guard
            [columns.open, columns.close, columns.high, columns.low, columns.vol, columns.amount].allSatisfy({
                $0.count == count
            })
        else { throw MarketFailure.badResponse(exchange, reason: "kline columns of different lengths") }
        let first = max(0, count - limit)
        return try (first..<count).map { index throws(MarketFailure) in
            guard let seconds = columns.time[index].int64 else {
                throw .badResponse(exchange, reason: "kline time")
            }
            return Candle(
                openTime: seconds * 1000, open: try required(columns.open[index], "open", exchange),
                high: try required(columns.high[index], "high", exchange),
                low: try required(columns.low[index], "low", exchange),
                close: try required(columns.close[index], "close", exchange),
                volume: try required(columns.vol[index], "vol", exchange) * instrument.contractValue,
                quoteVolume: try required(columns.amount[index], "amount", exchange), takerBuyVolume: nil,
                isClosed: index < count - 1)
        }
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        if instrument.market == .spot {
            struct Item: Decodable {
                let price: WireNumber
                let qty: WireNumber
                let time: Int64
                let isBuyerMaker: Bool
            }
            let items = try decodeBody(
                [Item].self,
                from: try await spotBody(
                    "/api/v3/trades", [("symbol", instrument.symbol), ("limit", String(min(limit, 1000)))]),
                exchange: exchange)
            return Self.oldestFirst(
                try items.map { item throws(MarketFailure) in
                    // The buyer was the maker, so the taker sold.
                    Trade(
                        price: try required(item.price, "price", exchange),
                        size: try required(item.qty, "qty", exchange),
                        takerSide: item.isBuyerMaker ? .sell : .buy, time: item.time)
                })
        }
        struct Deal: Decodable {
            let price: WireNumber
            let contracts: WireNumber
            let side: Int
            let time: Int64

            enum CodingKeys: String, CodingKey {
                case price = "p"
                case contracts = "v"
                case side = "T"
                case time = "t"
            }
        }
        let deals = try await contract(
            "/api/v1/contract/deals/" + segment(instrument), [("limit", String(min(limit, 100)))], as: [Deal].self)
        return Self.oldestFirst(
            try deals.map { deal throws(MarketFailure) in
                // T: the taker's direction, 1 buy and 2 sell.
                Trade(
                    price: try required(deal.price, "p", exchange),
                    size: try required(deal.contracts, "v", exchange) * instrument.contractValue,
                    takerSide: deal.side == 1 ? .buy : .sell, time: deal.time)
            })
    }

    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        let item = try await contractTicker(instrument)
        let base = try required(item.holdVol, "holdVol", exchange) * instrument.contractValue
        let mark = try item.fairPrice?.value ?? required(item.lastPrice, "lastPrice", exchange)
        return OpenInterest(time: item.timestamp?.int64 ?? spot.clock.wallMilliseconds, base: base, usd: base * mark)
    }

    public var hasOpenInterestHistory: Bool { false }

    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    { [] }

    // MARK: Conversions

    private func contractTicker(_ instrument: Instrument) async throws -> ContractTicker {
        let items = try await contract(
            "/api/v1/contract/ticker", [("symbol", instrument.symbol)], as: OneOrMany<ContractTicker>.self
        ).items
        guard let item = items.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker") }
        return item
    }

    private func unify(_ item: SpotTicker, _ instrument: Instrument) throws(MarketFailure) -> Ticker {
        let last = try required(item.lastPrice, "lastPrice", exchange)
        let base = item.volume?.value ?? 0
        return Ticker(
            instrument: instrument, last: last, changePercent: (item.priceChangePercent?.value ?? 0) * 100,
            high: item.highPrice?.value ?? 0, low: item.lowPrice?.value ?? 0, baseVolume: base,
            // The docs show it null; then base × last is the nearest estimate, and rankings
            // by quote volume still place the pair.
            quoteVolume: item.quoteVolume?.value ?? base * last,
            time: item.closeTime ?? spot.clock.wallMilliseconds)
    }

    private func unify(_ item: ContractTicker, _ instrument: Instrument) throws(MarketFailure) -> Ticker {
        Ticker(
            instrument: instrument, last: try required(item.lastPrice, "lastPrice", exchange),
            changePercent: (item.riseFallRate?.value ?? 0) * 100, high: item.high24Price?.value ?? 0,
            low: item.lower24Price?.value ?? 0, baseVolume: (item.volume24?.value ?? 0) * instrument.contractValue,
            quoteVolume: item.amount24?.value ?? 0, time: item.timestamp?.int64 ?? spot.clock.wallMilliseconds)
    }

    /// Oldest first whichever way the exchange sorted them (the contract's deals come
    /// newest first), keeping the order of trades within one millisecond.
    private static func oldestFirst(_ trades: [Trade]) -> [Trade] {
        guard let first = trades.first, let last = trades.last, first.time > last.time else { return trades }
        return trades.reversed()
    }

    /// Spot spells the hour `60m`.
    static func spotInterval(_ interval: Interval) -> String {
        interval == .h1 ? "60m" : interval.rawValue
    }

    static func contractInterval(_ interval: Interval) -> String {
        switch interval {
        case .m1: "Min1"
        case .m5: "Min5"
        case .m15: "Min15"
        case .m30: "Min30"
        case .h1: "Min60"
        case .h4: "Hour4"
        case .d1: "Day1"
        }
    }
}
