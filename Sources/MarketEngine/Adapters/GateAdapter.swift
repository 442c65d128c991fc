/// Gate API v4: spot `/api/v4/spot/…` and USDT-settled perpetuals `/api/v4/futures/usdt/…`,
/// pairs spelt `BTC_USDT`. No envelope: an answer is a bare array or object, an error a 4xx
/// `{"label","message"}` (the message sometimes missing). Times are seconds, as numbers or
/// strings, sometimes with a fraction. `change_percentage` is already percent. Futures sizes
/// (trades, candle volume, open interest) are contracts of `quanto_multiplier` base units,
/// and Gate sends them as decimal strings only to a request with `X-Gate-Size-Decimal: 1`
/// (integers otherwise, with fractional sizes cut off), so every request carries the header
/// and every size decodes either way.
public struct GateAdapter: ExchangeAdapter {
    public let exchange = Exchange.gate
    let gateway: ExchangeGateway

    public init(gateway: ExchangeGateway) {
        self.gateway = gateway
    }

    static let sizeDecimal = ("X-Gate-Size-Decimal", "1")
    /// Gate's documented ceilings: trades 1000; candles 1000 (spot) and 2000 (futures).
    static let maxTrades = 1000

    struct ErrorBody: Decodable {
        let label: String
        let message: String?
    }

    /// The failure a 4xx answer means: Gate's label and message, or (label only, as for
    /// `CONTRACT_NOT_FOUND`) the label in words, so the line never ends in an empty message.
    static func rejection(_ response: ExchangeResponse) -> MarketFailure {
        do {
            let error = try decodeBody(ErrorBody.self, from: response.body, exchange: .gate)
            let message = error.message.flatMap { $0.isEmpty ? nil : $0 }
            return .rejected(
                .gate, code: error.label,
                message: message ?? String(error.label.map { $0 == "_" ? " " : $0 }).lowercased())
        } catch {
            return error
        }
    }

    /// The body of a 2xx answer as `T`, or the rejection a 4xx one carries (the gateway
    /// has already turned 429/418 and 5xx into failures).
    static func decode<T: Decodable>(_ type: T.Type, _ response: ExchangeResponse) throws(MarketFailure) -> T {
        guard response.status < 400 else { throw rejection(response) }
        return try decodeBody(T.self, from: response.body, exchange: .gate)
    }

    private func call<T: Decodable>(_ path: String, _ query: [(String, String)] = [], as type: T.Type) async throws
        -> T
    {
        let response = try await gateway.get(
            path, rawQuery: ExchangeGateway.queryString(query), headers: [Self.sizeDecimal])
        return try Self.decode(T.self, response)
    }

    // MARK: Reads

    public func instruments(_ market: Market) async throws -> [Instrument] {
        if market == .spot {
            return try await call("/api/v4/spot/currency_pairs", as: [PairItem].self).compactMap { item in
                guard item.tradeStatus == "tradable", !item.base.isEmpty, !item.quote.isEmpty else { return nil }
                return Instrument(exchange: .gate, market: .spot, symbol: item.id, base: item.base, quote: item.quote)
            }
        }
        return try await call("/api/v4/futures/usdt/contracts", as: [ContractItem].self).compactMap { item in
            guard item.inDelisting != true, item.status != "delisting", item.status != "delisted",
                let size = item.quantoMultiplier?.value, size > 0
            else { return nil }
            let parts = item.name.split(separator: "_")
            guard parts.count == 2 else { return nil }
            return Instrument(
                exchange: .gate, market: .perp, symbol: item.name, base: String(parts[0]), quote: String(parts[1]),
                contractValue: size)
        }
    }

    public func ticker(_ instrument: Instrument) async throws -> Ticker {
        if instrument.market == .spot {
            let items = try await call(
                "/api/v4/spot/tickers", [("currency_pair", instrument.symbol)], as: [SpotTickerItem].self)
            guard let item = items.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker list") }
            return try unify(item, instrument, gateway.clock.wallMilliseconds)
        }
        let items = try await call(
            "/api/v4/futures/usdt/tickers", [("contract", instrument.symbol)], as: [FuturesTickerItem].self)
        guard let item = items.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker list") }
        return try unify(item, instrument, gateway.clock.wallMilliseconds)
    }

    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] {
        // Gate's tickers carry no time: the time of our read stands for all of them.
        let time = gateway.clock.wallMilliseconds
        if market == .spot {
            return try await call("/api/v4/spot/tickers", as: [SpotTickerItem].self).compactMap { item in
                guard let instrument = instruments[item.currencyPair] else { return nil }
                return try unify(item, instrument, time)
            }
        }
        return try await call("/api/v4/futures/usdt/tickers", as: [FuturesTickerItem].self).compactMap { item in
            guard let instrument = instruments[item.contract] else { return nil }
            return try unify(item, instrument, time)
        }
    }

    /// One request: the contract carries mark, index and funding rate as its ticker does,
    /// and also the next settlement and the interval, which the ticker lacks. (`/price`
    /// reads the perp's ticker as well; asking the ticker here too would send that request
    /// twice.)
    /// The futures tickers carry funding and open interest (`total_size`, in contracts) for
    /// every perpetual.
    public func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading] {
        let items = try await call("/api/v4/futures/usdt/tickers", as: [FuturesTickerItem].self)
        let time = gateway.clock.wallMilliseconds
        var readings: [String: PerpReading] = [:]
        for item in items {
            guard let instrument = instruments[item.contract] else { continue }
            readings[item.contract] = PerpReading(
                fundingRate: item.fundingRate?.value,
                openInterestBase: item.totalSize?.value.map { $0 * instrument.contractValue }, time: time)
        }
        return readings
    }

    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker {
        let item = try await call("/api/v4/futures/usdt/contracts/\(instrument.symbol)", as: ContractItem.self)
        let interval = item.fundingInterval?.value ?? 0
        return PerpTicker(
            instrument: instrument, markPrice: try required(item.markPrice, "mark_price", exchange),
            indexPrice: try required(item.indexPrice, "index_price", exchange),
            fundingRate: item.fundingRate?.value ?? 0,
            nextFundingTime: item.fundingNextApply.flatMap(Self.milliseconds(seconds:)) ?? 0,
            fundingIntervalHours: interval > 0 ? interval / 3600 : 8, time: gateway.clock.wallMilliseconds)
    }

    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        // `limit` alone: Gate rejects it together with `from`/`to`.
        if instrument.market == .spot {
            let rows = try await call(
                "/api/v4/spot/candlesticks",
                [
                    ("currency_pair", instrument.symbol), ("interval", Self.interval(interval)),
                    ("limit", String(min(limit, 1000))),
                ], as: [[Cell]].self)
            return try spotCandles(rows)
        }
        struct Item: Decodable {
            let t: WireNumber
            let v: WireNumber?
            let c: WireNumber
            let h: WireNumber
            let l: WireNumber
            let o: WireNumber
            let sum: WireNumber?
        }
        let items = try await call(
            "/api/v4/futures/usdt/candlesticks",
            [
                ("contract", instrument.symbol), ("interval", Self.interval(interval)),
                ("limit", String(min(limit, 2000))),
            ], as: [Item].self)
        let sorted = items.sorted { ($0.t.value ?? 0) < ($1.t.value ?? 0) }
        // No closed flag on futures bars: as requested by `limit`, the last one is forming.
        return try sorted.enumerated().map { index, item throws(MarketFailure) in
            guard let openTime = Self.milliseconds(seconds: item.t) else {
                throw .badResponse(exchange, reason: "missing t")
            }
            let close = try required(item.c, "c", exchange)
            let volume = try required(item.v, "v", exchange) * instrument.contractValue
            return Candle(
                openTime: openTime, open: try required(item.o, "o", exchange),
                high: try required(item.h, "h", exchange),
                low: try required(item.l, "l", exchange), close: close, volume: volume,
                quoteVolume: item.sum?.value ?? volume * close, takerBuyVolume: nil,
                isClosed: index != sorted.count - 1)
        }
    }

    /// Rows `[t (s), quote volume, close, high, low, open, base volume, closed]`: close before
    /// high, low and open. The documented example has seven cells, without the base volume;
    /// such a row's base volume is estimated from its quote volume at the bar's typical price.
    private func spotCandles(_ rows: [[Cell]]) throws(MarketFailure) -> [Candle] {
        let sorted = rows.sorted { ($0.first?.number ?? 0) < ($1.first?.number ?? 0) }
        return try sorted.enumerated().map { index, row throws(MarketFailure) in
            guard row.count >= 6, let seconds = row[0].number, let openTime = Self.milliseconds(seconds: seconds)
            else { throw .badResponse(exchange, reason: "short candle row") }
            func cell(_ at: Int, _ name: String) throws(MarketFailure) -> Double {
                guard let value = row[at].number else { throw .badResponse(exchange, reason: "missing \(name)") }
                return value
            }
            let quote = try cell(1, "quote volume")
            let close = try cell(2, "close")
            let high = try cell(3, "high")
            let low = try cell(4, "low")
            let open = try cell(5, "open")
            let rest = row.dropFirst(6)
            let base = rest.first?.number
            let closed = rest.first { $0.number == nil }.map { $0.text == "true" }
            let typical = (high + low + close) / 3
            return Candle(
                openTime: openTime, open: open, high: high, low: low, close: close,
                volume: base ?? (typical > 0 ? quote / typical : 0), quoteVolume: quote, takerBuyVolume: nil,
                isClosed: closed ?? (index != sorted.count - 1))
        }
    }

    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] {
        let limit = String(min(limit, Self.maxTrades))
        if instrument.market == .spot {
            struct Item: Decodable {
                let id: WireNumber?
                let createTime: WireNumber?
                let createTimeMs: WireNumber?
                let side: String
                let amount: WireNumber
                let price: WireNumber

                enum CodingKeys: String, CodingKey {
                    case id, side, amount, price
                    case createTime = "create_time"
                    case createTimeMs = "create_time_ms"
                }
            }
            let items = try await call(
                "/api/v4/spot/trades", [("currency_pair", instrument.symbol), ("limit", limit)], as: [Item].self)
            // `side` is the taker's: Gate's public trades name only the aggressor.
            let trades = try items.map { item throws(MarketFailure) in
                (
                    item.id?.value ?? 0,
                    Trade(
                        price: try required(item.price, "price", exchange),
                        size: try required(item.amount, "amount", exchange),
                        takerSide: item.side == "buy" ? .buy : .sell,
                        time: Self.milliseconds(exact: item.createTimeMs, seconds: item.createTime))
                )
            }
            return Self.oldestFirst(trades)
        }
        struct Item: Decodable {
            let id: WireNumber?
            let createTime: WireNumber?
            let createTimeMs: WireNumber?
            let size: WireNumber
            let price: WireNumber

            enum CodingKeys: String, CodingKey {
                case id, size, price
                case createTime = "create_time"
                case createTimeMs = "create_time_ms"
            }
        }
        let items = try await call(
            "/api/v4/futures/usdt/trades", [("contract", instrument.symbol), ("limit", limit)], as: [Item].self)
        // The sign of `size` is the taker's side: positive bought, negative sold.
        let trades = try items.map { item throws(MarketFailure) in
            let contracts = try required(item.size, "size", exchange)
            return (
                item.id?.value ?? 0,
                Trade(
                    price: try required(item.price, "price", exchange),
                    size: abs(contracts) * instrument.contractValue, takerSide: contracts < 0 ? .sell : .buy,
                    time: Self.milliseconds(exact: item.createTimeMs, seconds: item.createTime))
            )
        }
        return Self.oldestFirst(trades)
    }

    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest {
        let items = try await call(
            "/api/v4/futures/usdt/tickers", [("contract", instrument.symbol)], as: [FuturesTickerItem].self)
        guard let item = items.first else { throw MarketFailure.badResponse(exchange, reason: "empty ticker list") }
        let base = try required(item.totalSize, "total_size", exchange) * instrument.contractValue
        let mark = item.markPrice?.value ?? item.last.value ?? 0
        return OpenInterest(time: gateway.clock.wallMilliseconds, base: base, usd: base * mark)
    }

    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    {
        struct Item: Decodable {
            let time: WireNumber
            let openInterest: WireNumber
            let openInterestUSD: WireNumber?

            enum CodingKeys: String, CodingKey {
                case time
                case openInterest = "open_interest"
                case openInterestUSD = "open_interest_usd"
            }
        }
        // Gate's statistics come in 5m, 15m, 30m, 1h, 4h and 1d.
        let interval = period == .m1 ? "5m" : Self.interval(period)
        let items = try await call(
            "/api/v4/futures/usdt/contract_stats",
            [("contract", instrument.symbol), ("interval", interval), ("limit", String(limit))], as: [Item].self)
        return try items.map { item throws(MarketFailure) in
            guard let time = Self.milliseconds(seconds: item.time) else {
                throw .badResponse(exchange, reason: "missing time")
            }
            return OpenInterest(
                time: time, base: try required(item.openInterest, "open_interest", exchange) * instrument.contractValue,
                usd: item.openInterestUSD?.value ?? 0)
        }.sorted { $0.time < $1.time }
    }

    // MARK: Helpers

    private func unify(_ item: SpotTickerItem, _ instrument: Instrument, _ time: Int64) throws(MarketFailure) -> Ticker
    {
        Ticker(
            instrument: instrument, last: try required(item.last, "last", exchange),
            changePercent: item.changePercentage?.value ?? 0, high: item.high24h?.value ?? 0,
            low: item.low24h?.value ?? 0, baseVolume: item.baseVolume?.value ?? 0,
            quoteVolume: item.quoteVolume?.value ?? 0, time: time)
    }

    private func unify(_ item: FuturesTickerItem, _ instrument: Instrument, _ time: Int64) throws(MarketFailure)
        -> Ticker
    {
        Ticker(
            instrument: instrument, last: try required(item.last, "last", exchange),
            changePercent: item.changePercentage?.value ?? 0, high: item.high24h?.value ?? 0,
            low: item.low24h?.value ?? 0, baseVolume: item.volumeBase?.value ?? 0,
            quoteVolume: item.volumeQuote?.value ?? 0, time: time)
    }

    static func interval(_ interval: Interval) -> String {
        interval.rawValue
    }

    static func milliseconds(seconds: WireNumber) -> Int64? {
        seconds.value.flatMap { milliseconds(seconds: $0) }
    }

    /// Seconds, perhaps with a fraction, as milliseconds (nil beyond Int64).
    static func milliseconds(seconds: Double) -> Int64? {
        Int64(exactly: (seconds * 1000).rounded())
    }

    /// `create_time_ms` where sent (milliseconds with a fraction), else `create_time`.
    static func milliseconds(exact: WireNumber?, seconds: WireNumber?) -> Int64 {
        if let exact = exact?.value, let value = Int64(exactly: exact.rounded(.down)) { return value }
        return seconds.flatMap { milliseconds(seconds: $0) } ?? 0
    }

    /// Gate lists trades newest first; ids break ties within a millisecond.
    static func oldestFirst(_ trades: [(Double, Trade)]) -> [Trade] {
        trades.sorted { ($0.1.time, $0.0) < ($1.1.time, $1.0) }.map(\.1)
    }
}
