/// Binance spot (`/api/v3`) and USDⓈ-M futures (`/fapi`). Numbers come as strings,
/// `priceChangePercent` is already in percent, errors are `{"code":-1121,"msg":…}`.
public struct BinanceAdapter: ExchangeAdapter {
    public let exchange = Exchange.binance
    let spot: ExchangeGateway
    let futures: ExchangeGateway

    public init(spot: ExchangeGateway, futures: ExchangeGateway) {
        self.spot = spot
        self.futures = futures
    }

    private func gateway(_ market: Market) -> ExchangeGateway { market == .spot ? spot : futures }
    private func prefix(_ market: Market) -> String { market == .spot ? "/api/v3" : "/fapi/v1" }

    struct ExchangeInfo: Decodable {
        struct Symbol: Decodable {
            let symbol: String
            let status: String
            let baseAsset: String
            let quoteAsset: String
            let contractType: String?
        }
        let symbols: [Symbol]
    }

    struct Ticker24h: Decodable {
        let symbol: String
        let lastPrice: WireNumber
        let priceChangePercent: WireNumber
        let highPrice: WireNumber
        let lowPrice: WireNumber
        let volume: WireNumber
        let quoteVolume: WireNumber
        let closeTime: Int64?
    }

    struct PremiumIndex: Decodable {
        let markPrice: WireNumber
        let indexPrice: WireNumber
        let lastFundingRate: WireNumber
        let nextFundingTime: Int64
        let time: Int64?
    }

    struct ErrorBody: Decodable {
        let code: Int
        let msg: String
    }

    public func instruments(_ market: Market) async throws -> [Instrument] {
        let response = try await gateway(market).get(prefix(market) + "/exchangeInfo")
        let info = try decodeBody(ExchangeInfo.self, from: try check(response), exchange: exchange)
        return info.symbols.compactMap { item in
            guard item.status == "TRADING", market == .spot || item.contractType == "PERPETUAL" else { return nil }
            return Instrument(
                exchange: .binance, market: market, symbol: item.symbol, base: item.baseAsset, quote: item.quoteAsset)
        }
    }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        let response = try await gateway(instrument.market).get(
            prefix(instrument.market) + "/ticker/24hr", [("symbol", instrument.symbol)])
        return try unify(decodeBody(Ticker24h.self, from: try check(response), exchange: exchange), instrument)
    }

    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] {
        let response = try await gateway(market).get(prefix(market) + "/ticker/24hr")
        return try decodeBody([Ticker24h].self, from: try check(response), exchange: exchange).compactMap { item in
            guard let instrument = instruments[item.symbol] else { return nil }
            return try unify(item, instrument)
        }
    }

    /// Funding of every perpetual from `premiumIndex` without a symbol (weight 10); Binance
    /// has no bulk open interest, which stays per symbol.
    public func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading] {
        struct Item: Decodable {
            let symbol: String
            let lastFundingRate: WireNumber
            let time: Int64?
        }
        let response = try await futures.get("/fapi/v1/premiumIndex")
        let items = try decodeBody([Item].self, from: try check(response), exchange: exchange)
        var readings: [String: PerpReading] = [:]
        for item in items where instruments[item.symbol] != nil {
            readings[item.symbol] = PerpReading(
                fundingRate: item.lastFundingRate.value, openInterestBase: nil,
                time: item.time ?? spot.clock.wallMilliseconds)
        }
        return readings
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        let response = try await futures.get("/fapi/v1/premiumIndex", [("symbol", instrument.symbol)])
        let index = try decodeBody(PremiumIndex.self, from: try check(response), exchange: exchange)
        return PerpTicker(
            instrument: instrument, markPrice: try required(index.markPrice, "markPrice", exchange),
            indexPrice: try required(index.indexPrice, "indexPrice", exchange),
            fundingRate: index.lastFundingRate.value ?? 0, nextFundingTime: index.nextFundingTime,
            // Most USDⓈ-M perps fund every 8 h; /fapi/v1/fundingInfo lists the exceptions.
            fundingIntervalHours: 8, time: index.time ?? spot.clock.wallMilliseconds)
    }

    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        let response = try await gateway(instrument.market).get(
            prefix(instrument.market) + "/klines",
            [("symbol", instrument.symbol), ("interval", interval.binance), ("limit", String(limit))])
        let rows = try decodeBody([[KlineField]].self, from: try check(response), exchange: exchange)
        // Without endTime the last row is the bar still forming: judged by position, not by
        // comparing closeTime with our clock, which may disagree with the exchange's.
        return try rows.enumerated().map { index, row throws(MarketFailure) in
            guard row.count >= 11, let openTime = row[0].integer else {
                throw .badResponse(exchange, reason: "short kline row")
            }
            return Candle(
                openTime: openTime, open: try row[1].number(exchange), high: try row[2].number(exchange),
                low: try row[3].number(exchange), close: try row[4].number(exchange),
                volume: try row[5].number(exchange),
                quoteVolume: try row[7].number(exchange), takerBuyVolume: try row[9].number(exchange),
                isClosed: index < rows.count - 1)
        }
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        struct AggTrade: Decodable {
            let p: WireNumber
            let q: WireNumber
            let m: Bool
            let time: Int64

            enum CodingKeys: String, CodingKey {
                case p, q, m
                case time = "T"
            }
        }
        let response = try await gateway(instrument.market).get(
            prefix(instrument.market) + "/aggTrades", [("symbol", instrument.symbol), ("limit", String(limit))])
        return try decodeBody([AggTrade].self, from: try check(response), exchange: exchange).map {
            trade throws(MarketFailure) in
            // `m`: the buyer was the maker, so the taker sold.
            Trade(
                price: try required(trade.p, "p", exchange), size: try required(trade.q, "q", exchange),
                takerSide: trade.m ? .sell : .buy, time: trade.time)
        }
    }

    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        async let current = currentOpenInterest(instrument)
        async let mark = perpTicker(instrument)
        let (base, time) = try await current
        return OpenInterest(time: time, base: base, usd: base * (try await mark).markPrice)
    }

    public func openInterestCoins(_ instrument: Instrument) async throws -> Double {
        try await currentOpenInterest(instrument).base
    }

    private func currentOpenInterest(_ instrument: Instrument) async throws -> (base: Double, time: Int64) {
        struct Now: Decodable {
            let openInterest: WireNumber
            let time: Int64
        }
        let response = try await futures.get("/fapi/v1/openInterest", [("symbol", instrument.symbol)])
        let now = try decodeBody(Now.self, from: try check(response), exchange: exchange)
        return (try required(now.openInterest, "openInterest", exchange), now.time)
    }

    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    {
        struct Point: Decodable {
            let sumOpenInterest: WireNumber
            let sumOpenInterestValue: WireNumber
            let timestamp: WireNumber  // a number in real answers, a string in the docs' example
        }
        let response = try await futures.get(
            "/futures/data/openInterestHist",
            [("symbol", instrument.symbol), ("period", period.binance), ("limit", String(limit))])
        return try decodeBody([Point].self, from: try check(response), exchange: exchange).map {
            point throws(MarketFailure) in
            OpenInterest(
                time: point.timestamp.int64 ?? 0,
                base: try required(point.sumOpenInterest, "sumOpenInterest", exchange),
                usd: try required(point.sumOpenInterestValue, "sumOpenInterestValue", exchange))
        }
    }

    private func unify(_ item: Ticker24h, _ instrument: Instrument) throws(MarketFailure) -> Ticker {
        Ticker(
            instrument: instrument, last: try required(item.lastPrice, "lastPrice", exchange),
            changePercent: item.priceChangePercent.value ?? 0, high: item.highPrice.value ?? 0,
            low: item.lowPrice.value ?? 0, baseVolume: item.volume.value ?? 0, quoteVolume: item.quoteVolume.value ?? 0,
            time: item.closeTime ?? spot.clock.wallMilliseconds)
    }

    /// Binance answers errors with a 4xx and `{"code","msg"}`.
    private func check(_ response: ExchangeResponse) throws(MarketFailure) -> [UInt8] {
        guard response.status >= 400 else { return response.body }
        let error = try decodeBody(ErrorBody.self, from: response.body, exchange: exchange)
        throw .rejected(exchange, code: String(error.code), message: error.msg)
    }
}
