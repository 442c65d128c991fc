/// OKX v5 (`SPOT` and `SWAP`). Envelope `{"code":"0","msg":"","data":[…]}` with `code` a
/// string; swap sizes are contracts of `ctVal` base units; `volCcy24h` is quote volume for
/// SPOT but base volume for SWAP; there is no change-percent field (last / open24h − 1).
public struct OKXAdapter: ExchangeAdapter {
    public let exchange = Exchange.okx
    let gateway: ExchangeGateway

    public init(gateway: ExchangeGateway) {
        self.gateway = gateway
    }

    struct Envelope<Item: Decodable>: Decodable {
        let code: String
        let msg: String
        let data: [Item]?
    }

    struct InstrumentItem: Decodable {
        let instId: String
        let baseCcy: String?
        let quoteCcy: String?
        let settleCcy: String?
        let ctVal: WireNumber?
        let ctValCcy: String?
        let ctType: String?
        let state: String
    }

    struct TickerItem: Decodable {
        let instId: String
        let last: WireNumber
        let open24h: WireNumber?
        let high24h: WireNumber?
        let low24h: WireNumber?
        let vol24h: WireNumber?
        let volCcy24h: WireNumber?
        let ts: WireNumber?
    }

    struct MarkItem: Decodable {
        let markPx: WireNumber
        let ts: WireNumber?
    }

    struct IndexItem: Decodable {
        let idxPx: WireNumber
    }

    struct FundingItem: Decodable {
        let fundingRate: WireNumber
        let fundingTime: WireNumber
        let nextFundingTime: WireNumber?
    }

    private func call<Item: Decodable>(_ path: String, _ query: [(String, String)], as type: Item.Type) async throws
        -> [Item]
    {
        let response = try await gateway.get(path, query)
        let envelope = try decodeBody(Envelope<Item>.self, from: response.body, exchange: exchange)
        guard envelope.code == "0", let data = envelope.data else {
            if envelope.code == "50011" || envelope.code == "50013" {
                throw await gateway.limiter.ban(exchange, forSeconds: 2)
            }
            throw MarketFailure.rejected(exchange, code: envelope.code, message: envelope.msg)
        }
        return data
    }

    public func instruments(_ market: Market) async throws -> [Instrument] {
        let items = try await call(
            "/api/v5/public/instruments", [("instType", market == .spot ? "SPOT" : "SWAP")], as: InstrumentItem.self)
        return items.compactMap { item in
            guard item.state == "live" else { return nil }
            if market == .spot {
                guard let base = item.baseCcy, let quote = item.quoteCcy, !base.isEmpty else { return nil }
                return Instrument(exchange: .okx, market: .spot, symbol: item.instId, base: base, quote: quote)
            }
            guard item.ctType == "linear", let base = item.ctValCcy, let quote = item.settleCcy,
                let size = item.ctVal?.value
            else { return nil }
            return Instrument(
                exchange: .okx, market: .perp, symbol: item.instId, base: base, quote: quote, contractValue: size)
        }
    }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        let items = try await call("/api/v5/market/ticker", [("instId", instrument.symbol)], as: TickerItem.self)
        guard let item = items.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker list") }
        return try unify(item, instrument)
    }

    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] {
        let items = try await call(
            "/api/v5/market/tickers", [("instType", market == .spot ? "SPOT" : "SWAP")], as: TickerItem.self)
        return try items.compactMap { item in
            guard let instrument = instruments[item.instId] else { return nil }
            return try unify(item, instrument)
        }
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        async let marks = call(
            "/api/v5/public/mark-price", [("instType", "SWAP"), ("instId", instrument.symbol)], as: MarkItem.self)
        async let indexes = call(
            "/api/v5/market/index-tickers", [("instId", "\(instrument.base)-\(instrument.quote)")], as: IndexItem.self)
        async let fundings = call("/api/v5/public/funding-rate", [("instId", instrument.symbol)], as: FundingItem.self)
        guard let mark = try await marks.first, let index = try await indexes.first,
            let funding = try await fundings.first
        else {
            throw MarketFailure.badResponse(exchange, reason: "empty mark, index or funding")
        }
        // `fundingTime` is when the current period settles: the next payment.
        let settles = funding.fundingTime.int64 ?? 0
        let following = funding.nextFundingTime?.int64 ?? 0
        let interval = following > settles ? Double(following - settles) / 3_600_000 : 8
        return PerpTicker(
            instrument: instrument, markPrice: try required(mark.markPx, "markPx", exchange),
            indexPrice: try required(index.idxPx, "idxPx", exchange), fundingRate: funding.fundingRate.value ?? 0,
            nextFundingTime: settles, fundingIntervalHours: interval,
            time: mark.ts?.int64 ?? gateway.clock.wallMilliseconds
        )
    }

    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        let rows = try await call(
            "/api/v5/market/candles", [("instId", instrument.symbol), ("bar", interval.okx), ("limit", String(limit))],
            as: [WireNumber].self)
        return try rows.reversed().map { row throws(MarketFailure) in
            guard row.count >= 9, let openTime = row[0].int64 else {
                throw .badResponse(exchange, reason: "short candle row")
            }
            // vol: base (spot) or contracts (swap); volCcy: quote (spot) or base (swap).
            let base =
                instrument.market == .spot
                ? try required(row[5], "vol", exchange) : try required(row[6], "volCcy", exchange)
            return Candle(
                openTime: openTime, open: try required(row[1], "o", exchange),
                high: try required(row[2], "h", exchange),
                low: try required(row[3], "l", exchange), close: try required(row[4], "c", exchange), volume: base,
                quoteVolume: try required(row[7], "volCcyQuote", exchange), takerBuyVolume: nil,
                isClosed: row[8].value == 1)
        }
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        struct Item: Decodable {
            let side: String
            let sz: WireNumber
            let px: WireNumber
            let ts: WireNumber
        }
        let items = try await call(
            "/api/v5/market/trades", [("instId", instrument.symbol), ("limit", String(min(limit, 500)))],
            as: Item.self)
        return try items.reversed().map { item throws(MarketFailure) in
            Trade(
                price: try required(item.px, "px", exchange),
                size: try required(item.sz, "sz", exchange) * instrument.contractValue,
                takerSide: item.side == "buy" ? .buy : .sell, time: item.ts.int64 ?? 0)
        }
    }

    /// Open interest of every swap in one request (`instType` without `instId`); OKX has no
    /// bulk funding answer, so funding stays per symbol.
    public func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading] {
        struct Item: Decodable {
            let instId: String
            let oiCcy: WireNumber
            let ts: WireNumber
        }
        let items = try await call("/api/v5/public/open-interest", [("instType", "SWAP")], as: Item.self)
        var readings: [String: PerpReading] = [:]
        for item in items where instruments[item.instId] != nil {
            readings[item.instId] = PerpReading(
                fundingRate: nil, openInterestBase: item.oiCcy.value, time: item.ts.int64 ?? 0)
        }
        return readings
    }

    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        struct Item: Decodable {
            let oiCcy: WireNumber
            let oiUsd: WireNumber
            let ts: WireNumber
        }
        let items = try await call(
            "/api/v5/public/open-interest", [("instType", "SWAP"), ("instId", instrument.symbol)], as: Item.self)
        guard let item = items.first else { throw MarketFailure.badResponse(exchange, reason: "empty open interest") }
        return OpenInterest(
            time: item.ts.int64 ?? 0, base: try required(item.oiCcy, "oiCcy", exchange),
            usd: try required(item.oiUsd, "oiUsd", exchange))
    }

    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    {
        let bar =
            switch period {
            case .m1, .m5, .m15, .m30: "5m"
            case .h1, .h4: "1H"
            case .d1: "1D"
            }
        let rows = try await call(
            "/api/v5/rubik/stat/contracts/open-interest-history",
            [("instId", instrument.symbol), ("period", bar), ("limit", String(min(limit, 100)))], as: [WireNumber].self)
        return try rows.reversed().map { row throws(MarketFailure) in
            guard row.count >= 4 else { throw .badResponse(exchange, reason: "short open-interest row") }
            return OpenInterest(
                time: row[0].int64 ?? 0, base: try required(row[2], "oiCcy", exchange),
                usd: try required(row[3], "oiUsd", exchange))
        }
    }

    private func unify(_ item: TickerItem, _ instrument: Instrument) throws(MarketFailure) -> Ticker {
        let last = try required(item.last, "last", exchange)
        let open = item.open24h?.value ?? 0
        let base: Double
        let quote: Double
        if instrument.market == .spot {
            base = item.vol24h?.value ?? 0
            quote = item.volCcy24h?.value ?? 0
        } else {
            base = item.volCcy24h?.value ?? 0
            quote = base * last
        }
        return Ticker(
            instrument: instrument, last: last, changePercent: open > 0 ? (last / open - 1) * 100 : 0,
            high: item.high24h?.value ?? 0, low: item.low24h?.value ?? 0, baseVolume: base, quoteVolume: quote,
            time: item.ts?.int64 ?? gateway.clock.wallMilliseconds)
    }
}
