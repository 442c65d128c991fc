import Foundation

/// Gate API v4's JSON: bare arrays and objects, errors as a 4xx `{"label","message"}`, times
/// in seconds, pairs `BTC_USDT`, spot candles as string rows with close before high, low and
/// open, and futures sizes in contracts of `quanto_multiplier`: decimal strings for a request
/// with `X-Gate-Size-Decimal: 1`, integers (the older form) otherwise.
struct GateWire {
    let universe: SimulatedUniverse
    let now: Int64

    /// Base units per contract; unlike the OKX sizes of the model, so that a multiplier
    /// applied twice, or not at all, shows.
    static let multipliers: [String: Double] = [
        "BTC": 0.0001, "ETH": 0.01, "BNB": 0.001, "SOL": 1, "XRP": 10, "DOGE": 10, "ADA": 10, "TRX": 100,
        "SHIB": 10_000, "PEPE": 10_000_000,
    ]

    static func multiplier(_ base: String) -> Double { multipliers[base] ?? 1 }

    static let spotIntervals: [String: Int64] = [
        "1s": 1_000, "10s": 10_000, "1m": 60_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000,
        "4h": 14_400_000, "8h": 28_800_000, "1d": 86_400_000, "7d": 604_800_000,
    ]
    static let statIntervals: [String: Int64] = [
        "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000, "4h": 14_400_000, "1d": 86_400_000,
    ]

    func answer(_ path: String, _ query: [String: String], _ headers: [String: String]) -> ExchangeSimulator.Answer {
        let decimalSizes = headers["x-gate-size-decimal"] == "1"
        func size(_ contracts: Double) -> String { Self.size(contracts, decimal: decimalSizes) }
        let contractPrefix = "/api/v4/futures/usdt/contracts/"
        switch path {
        case "/api/v4/spot/currency_pairs":
            return respond(array(markets(perp: false).map(pair)))
        case "/api/v4/spot/tickers":
            if let id = query["currency_pair"] {
                guard let market = spotMarket(id) else { return Self.invalidPair() }
                return respond(array([spotTicker(market)]))
            }
            return respond(array(markets(perp: false).map(spotTicker)))
        case "/api/v4/spot/candlesticks":
            guard let market = spotMarket(query["currency_pair"]) else { return Self.invalidPair() }
            if let failure = candleQueryError(query, intervals: Self.spotIntervals, max: 1000) { return failure }
            let interval = Self.spotIntervals[query["interval"] ?? "30m"] ?? 1_800_000
            let rows = universe.candles(
                market.base, interval: interval, count: limit(query, 100, max: 1000), at: now, perp: false
            ).map { bar in
                #"["\#(bar.openTime / 1000)","\#(Self.number(bar.quoteVolume))","\#(Self.number(bar.close))","\#(Self.number(bar.high))","\#(Self.number(bar.low))","\#(Self.number(bar.open))","\#(Self.number(bar.volume))","\#(bar.isClosed)"]"#
            }
            return respond(array(rows))
        case "/api/v4/spot/trades":
            guard let market = spotMarket(query["currency_pair"]) else { return Self.invalidPair() }
            if let failure = Self.limitError(query, max: 1000) { return failure }
            let trades = universe.trades(market.base, count: limit(query, 100, max: 1000), at: now, perp: false)
            // Newest first, as Gate lists them.
            let rows = trades.enumerated().reversed().map { index, trade in
                #"{"id":"\#(Self.tradeID(index))","create_time":"\#(trade.time / 1000)","create_time_ms":"\#(Self.exactMilliseconds(trade.time))","currency_pair":"\#(market.base)_USDT","side":"\#(trade.buy ? "buy" : "sell")","amount":"\#(Self.number(trade.size))","price":"\#(Self.number(trade.price))","sequence_id":"\#(Self.tradeID(index))"}"#
            }
            return respond(array(rows))
        case "/api/v4/futures/usdt/contracts":
            return respond(array(markets(perp: true).map { contract($0, size) }))
        case _ where path.hasPrefix(contractPrefix):
            guard let market = perpMarket(String(path.dropFirst(contractPrefix.count))) else {
                return Self.contractNotFound()
            }
            return respond(contract(market, size))
        case "/api/v4/futures/usdt/tickers":
            if let name = query["contract"] {
                guard let market = perpMarket(name) else { return Self.contractNotFound() }
                return respond(array([futuresTicker(market, size)]))
            }
            return respond(array(markets(perp: true).map { futuresTicker($0, size) }))
        case "/api/v4/futures/usdt/candlesticks":
            guard let market = perpMarket(query["contract"]) else { return Self.contractNotFound() }
            if let failure = candleQueryError(query, intervals: Self.spotIntervals, max: 2000) { return failure }
            let interval = Self.spotIntervals[query["interval"] ?? "5m"] ?? 300_000
            let multiplier = Self.multiplier(market.base)
            let rows = universe.candles(
                market.base, interval: interval, count: limit(query, 100, max: 2000), at: now, perp: true
            ).map { bar in
                #"{"t":\#(bar.openTime / 1000),"v":\#(size(bar.volume / multiplier)),"c":"\#(Self.number(bar.close))","h":"\#(Self.number(bar.high))","l":"\#(Self.number(bar.low))","o":"\#(Self.number(bar.open))","sum":"\#(Self.number(bar.quoteVolume))"}"#
            }
            return respond(array(rows))
        case "/api/v4/futures/usdt/trades":
            guard let market = perpMarket(query["contract"]) else { return Self.contractNotFound() }
            if let failure = Self.limitError(query, max: 1000) { return failure }
            let multiplier = Self.multiplier(market.base)
            let trades = universe.trades(market.base, count: limit(query, 100, max: 1000), at: now, perp: true)
            let rows = trades.enumerated().reversed().map { index, trade in
                let contracts = (trade.buy ? 1 : -1) * trade.size / multiplier
                return
                    #"{"id":\#(Self.tradeID(index)),"create_time":\#(Self.seconds(trade.time)),"create_time_ms":\#(trade.time),"contract":"\#(market.base)_USDT","size":\#(size(contracts)),"price":"\#(Self.number(trade.price))"}"#
            }
            return respond(array(rows))
        case "/api/v4/futures/usdt/contract_stats":
            guard let market = perpMarket(query["contract"]) else { return Self.contractNotFound() }
            guard let period = Self.statIntervals[query["interval"] ?? "5m"] else {
                return Self.error(400, "INVALID_PARAM_VALUE", "invalid argument: interval")
            }
            let multiplier = Self.multiplier(market.base)
            let points = universe.openInterestHistory(
                market.base, period: period, count: limit(query, 30, max: 1000), at: now)
            let rows = points.map { point in
                #"{"time":\#(point.time / 1000),"lsr_taker":1.2,"lsr_account":0.9,"long_liq_size":\#(size(0)),"short_liq_size":\#(size(0)),"open_interest":\#(size(point.base / multiplier)),"short_liq_usd":0,"mark_price":"\#(Self.number(point.price))","top_lsr_size":"1.05","short_liq_amount":0,"long_liq_amount":0,"open_interest_usd":\#(Self.number(point.base * point.price)),"top_lsr_account":1.1,"long_liq_usd":0}"#
            }
            return respond(array(rows))
        default:
            return Self.error(404, "NOT_FOUND", "Not Found")
        }
    }

    // MARK: Errors

    /// The exchange's error body for an HTTP status fault below 500.
    static func errorBody(status: Int) -> String {
        switch status {
        case 429: #"{"label":"TOO_MANY_REQUESTS","message":"Request Rate Limit Exceeded (003)"}"#
        case 401: #"{"label":"INVALID_KEY","message":"Invalid key provided"}"#
        case 403: #"{"label":"FORBIDDEN","message":"Forbidden"}"#
        case 404: #"{"label":"NOT_FOUND","message":"Not Found"}"#
        default: #"{"label":"INVALID_PARAM_VALUE","message":"Invalid request parameter"}"#
        }
    }

    /// Gate has no envelope: its own errors are a 4xx with a label.
    static func envelopeError() -> ExchangeSimulator.Answer {
        json(#"{"label":"SERVER_ERROR","message":"Internal server error"}"#, status: 400)
    }

    static func error(_ status: Int, _ label: String, _ message: String?) -> ExchangeSimulator.Answer {
        let body =
            message.map { #"{"label":"\#(label)","message":"\#($0)"}"# } ?? #"{"label":"\#(label)"}"#
        return json(body, status: status)
    }

    static func invalidPair() -> ExchangeSimulator.Answer {
        error(400, "INVALID_CURRENCY_PAIR", "Invalid currency pair")
    }

    /// Gate's real answer carries no message.
    static func contractNotFound() -> ExchangeSimulator.Answer { error(400, "CONTRACT_NOT_FOUND", nil) }

    /// Gate rejects `limit` together with `from`/`to`, and an interval it does not have.
    private func candleQueryError(_ query: [String: String], intervals: [String: Int64], max: Int)
        -> ExchangeSimulator.Answer?
    {
        if query["limit"] != nil && (query["from"] != nil || query["to"] != nil) {
            return Self.error(400, "INVALID_PARAM_VALUE", "limit can not be used with from and to")
        }
        if let interval = query["interval"], intervals[interval] == nil {
            return Self.error(400, "INVALID_PARAM_VALUE", "invalid argument: interval")
        }
        return Self.limitError(query, max: max)
    }

    /// A `limit` over the documented maximum is refused here (what Gate itself answers to
    /// one is not documented), so that an adapter that does not clamp fails loudly.
    static func limitError(_ query: [String: String], max: Int) -> ExchangeSimulator.Answer? {
        guard let text = query["limit"], let value = Int(text), value > max else { return nil }
        return error(400, "INVALID_PARAM_VALUE", "limit must not exceed \(max)")
    }

    // MARK: Bodies

    private func markets(perp: Bool) -> [SimulatedMarket] {
        universe.bases.compactMap { universe.market($0, at: now) }.filter { !perp || $0.hasPerp }
    }

    private func spotMarket(_ id: String?) -> SimulatedMarket? {
        guard let base = Self.base(of: id) else { return nil }
        return universe.market(base, at: now)
    }

    private func perpMarket(_ name: String?) -> SimulatedMarket? {
        guard let base = Self.base(of: name), let market = universe.market(base, at: now), market.hasPerp else {
            return nil
        }
        return market
    }

    /// `BTC_USDT` → `BTC`; nil for any other quote.
    static func base(of id: String?) -> String? {
        guard let parts = id?.split(separator: "_"), parts.count == 2, parts[1] == "USDT" else { return nil }
        return String(parts[0])
    }

    private func pair(_ market: SimulatedMarket) -> String {
        #"{"id":"\#(market.base)_USDT","base":"\#(market.base)","base_name":"\#(market.base)","quote":"USDT","quote_name":"Tether","fee":"0.2","min_base_amount":"0.0001","min_quote_amount":"3","max_base_amount":"1000000","max_quote_amount":"5000000","amount_precision":4,"precision":\#(Self.pricePrecision(market.spot)),"trade_status":"tradable","sell_start":1516378650,"buy_start":1516378650,"delisting_time":0,"trade_url":"https://www.gate.io/trade/\#(market.base)_USDT","st_tag":false}"#
    }

    private func spotTicker(_ market: SimulatedMarket) -> String {
        let change = Self.number(market.changePercent)
        return
            #"{"currency_pair":"\#(market.base)_USDT","last":"\#(Self.number(market.spot))","lowest_ask":"\#(Self.number(market.spot * 1.00005))","lowest_size":"1.5","highest_bid":"\#(Self.number(market.spot * 0.99995))","highest_size":"2.1","change_percentage":"\#(change)","change_utc0":"\#(change)","change_utc8":"\#(change)","base_volume":"\#(Self.number(market.volume))","quote_volume":"\#(Self.number(market.volume * market.spot))","high_24h":"\#(Self.number(market.high))","low_24h":"\#(Self.number(market.low))"}"#
    }

    private func futuresTicker(_ market: SimulatedMarket, _ size: (Double) -> String) -> String {
        let multiplier = Self.multiplier(market.base)
        let price = market.markPrice
        let base = Self.number(market.volume)
        let quote = Self.number(market.volume * price)
        return
            #"{"contract":"\#(market.base)_USDT","last":"\#(Self.number(price))","low_24h":"\#(Self.number(market.low))","high_24h":"\#(Self.number(market.high))","change_percentage":"\#(Self.number(market.changePercent))","total_size":\#(size(market.openInterest / multiplier)),"volume_24h":"\#(Self.number(market.volume / multiplier))","volume_24h_btc":"0","volume_24h_usd":"\#(quote)","volume_24h_base":"\#(base)","volume_24h_quote":"\#(quote)","volume_24h_settle":"\#(quote)","mark_price":"\#(Self.number(price))","funding_rate":"\#(Self.number(market.fundingRate))","funding_rate_indicative":"\#(Self.number(market.fundingRate))","index_price":"\#(Self.number(market.indexPrice))","highest_bid":"\#(Self.number(price * 0.99995))","highest_size":\#(size(100)),"lowest_ask":"\#(Self.number(price * 1.00005))","lowest_size":\#(size(120))}"#
    }

    private func contract(_ market: SimulatedMarket, _ size: (Double) -> String) -> String {
        let multiplier = Self.multiplier(market.base)
        let next = nextFundingTime(after: now) / 1000
        return
            #"{"name":"\#(market.base)_USDT","type":"direct","quanto_multiplier":"\#(Self.number(multiplier))","ref_discount_rate":"0","order_price_deviate":"0.5","maintenance_rate":"0.005","mark_type":"index","last_price":"\#(Self.number(market.markPrice))","mark_price":"\#(Self.number(market.markPrice))","index_price":"\#(Self.number(market.indexPrice))","funding_rate_indicative":"\#(Self.number(market.fundingRate))","mark_price_round":"0.01","funding_offset":0,"in_delisting":false,"risk_limit_base":"1000000","interest_rate":"0.0003","order_price_round":"0.1","order_size_min":\#(size(1)),"ref_rebate_rate":"0.2","funding_interval":28800,"risk_limit_step":"1000000","leverage_min":"1","leverage_max":"100","risk_limit_max":"8000000","maker_fee_rate":"-0.00025","taker_fee_rate":"0.00075","funding_rate":"\#(Self.number(market.fundingRate))","order_size_max":\#(size(1_000_000)),"funding_next_apply":\#(next),"short_users":977,"config_change_time":1609899548,"trade_size":\#(size(market.volume * 40 / multiplier)),"position_size":\#(size(market.openInterest / multiplier)),"long_users":455,"funding_impact_value":"60000","orders_limit":50,"trade_id":10851092,"orderbook_id":2129638396,"enable_bonus":true,"enable_credit":true,"create_time":1669688556,"funding_cap_ratio":"0.75","status":"trading","launch_time":1609899548}"#
    }

    private func array(_ items: [String]) -> String { "[\(items.joined(separator: ","))]" }

    /// Every Gate answer says how many requests are left in the window (never none here),
    /// the window's limit, and (when not exhausted) the current time as the reset time.
    private func respond(_ body: String, status: Int = 200) -> ExchangeSimulator.Answer {
        var answer = json(body, status: status)
        answer.headers += [
            ("X-Gate-RateLimit-Requests-Remain", "199"), ("X-Gate-RateLimit-Limit", "200"),
            ("X-Gate-RateLimit-Reset-Timestamp", String(now)),
        ]
        return answer
    }

    // MARK: Numbers

    /// A plain decimal as Gate writes it: no exponent, no trailing zeros, and enough digits
    /// for the smallest prices (PEPE's 0.000019).
    static func number(_ value: Double) -> String {
        var text = String(format: "%.\(abs(value) < 1 ? 12 : 8)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A size in contracts: a decimal string to a request with `X-Gate-Size-Decimal: 1`,
    /// else the integer Gate sent before v4.106 (whole contracts, as it truncates them).
    static func size(_ contracts: Double, decimal: Bool) -> String {
        decimal ? #""\#(number(contracts))""# : String(Int64(contracts.rounded(.towardZero)))
    }

    /// Seconds with three decimals, as futures trades' `create_time` (a JSON number).
    static func seconds(_ milliseconds: Int64) -> String {
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Spot `create_time_ms`: milliseconds as a string with a fraction.
    static func exactMilliseconds(_ milliseconds: Int64) -> String { "\(milliseconds).000" }

    static func tradeID(_ index: Int) -> Int { 9_000_000 + index }

    static func pricePrecision(_ price: Double) -> Int {
        price >= 1000 ? 1 : price >= 1 ? 4 : 10
    }
}
