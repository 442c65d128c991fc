import Foundation

/// MEXC's JSON: spot v3 in Binance's paths (served under `/mexc`, stripped before this sees
/// them) with trimmed number strings, a FRACTION for `priceChangePercent` and 8-column
/// klines; contract v1 in the `{"success","code","data"}` envelope with plain JSON numbers,
/// sizes in contracts of `contractSize`, column-oriented klines in seconds, and errors inside
/// an HTTP 200.
struct MEXCWire {
    let universe: SimulatedUniverse
    let now: Int64

    /// Base units per contract. Deliberately not 1 (nor OKX's sizes), so that an adapter
    /// that forgets to convert contracts fails the round trips.
    static func contractSize(_ base: String) -> Double {
        switch base {
        case "BTC": 0.0001
        case "ETH", "BNB", "LTC", "BCH": 0.01
        case "SOL", "AVAX", "INJ": 0.1
        case "XRP", "ADA", "ARB", "SEI", "TRX": 10
        case "DOGE": 100
        case "SHIB": 1_000
        case "PEPE": 10_000_000
        default: 1
        }
    }

    func answer(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        if path.hasPrefix("/api/v1/") { return contract(path, query) }
        switch path {
        case "/api/v3/exchangeInfo":
            var selected = spotMarkets
            if let symbol = query["symbol"] {
                guard let market = spotMarket(symbol) else { return badSymbol() }
                selected = [market]
            }
            let symbols = selected.map { market in
                #"{"symbol":"\#(market.base)USDT","status":"1","baseAsset":"\#(market.base)","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8,"quoteAssetPrecision":8,"baseCommissionPrecision":8,"quoteCommissionPrecision":8,"orderTypes":["LIMIT","MARKET","LIMIT_MAKER"],"isSpotTradingAllowed":true,"isMarginTradingAllowed":false,"quoteAmountPrecision":"1","baseSizePrecision":"0","permissions":["SPOT"],"filters":[],"maxQuoteAmount":"2000000","makerCommission":"0","takerCommission":"0.0005","quoteAmountPrecisionMarket":"1","maxQuoteAmountMarket":"100000","fullName":"\#(market.base)","tradeSideType":1}"#
            }
            return json(
                #"{"timezone":"CST","serverTime":\#(now),"rateLimits":[],"exchangeFilters":[],"symbols":[\#(symbols.joined(separator: ","))]}"#
            )
        case "/api/v3/ticker/24hr":
            if let symbol = query["symbol"] {
                guard let market = spotMarket(symbol) else { return badSymbol() }
                return json(spotTicker(market))
            }
            return json("[\(spotMarkets.map(spotTicker).joined(separator: ","))]")
        case "/api/v3/klines":
            guard let symbol = query["symbol"], let market = spotMarket(symbol) else { return badSymbol() }
            let intervals: [String: Int64] = [
                "1m": 60_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "60m": 3_600_000, "4h": 14_400_000,
                "1d": 86_400_000,
            ]
            guard let interval = intervals[query["interval"] ?? ""] else {
                return json(#"{"code":-1121,"msg":"Invalid interval."}"#, status: 400)
            }
            let rows = universe.candles(
                market.base, interval: interval, count: limit(query, 500, max: 1000), at: now, perp: false
            ).map { bar in
                // closeTime is the next bar's open here, not Binance's open + interval − 1.
                #"[\#(bar.openTime),"\#(Self.text(bar.open))","\#(Self.text(bar.high))","\#(Self.text(bar.low))","\#(Self.text(bar.close))","\#(Self.text(bar.volume))",\#(bar.openTime + interval),"\#(Self.text(bar.quoteVolume))"]"#
            }
            return json("[\(rows.joined(separator: ","))]")
        case "/api/v3/trades":
            guard let symbol = query["symbol"], let market = spotMarket(symbol) else { return badSymbol() }
            let rows = universe.trades(market.base, count: limit(query, 500, max: 1000), at: now, perp: false)
                .reversed().map { trade in
                    // Newest first; isBuyerMaker: the taker sold.
                    #"{"id":null,"price":"\#(Self.text(trade.price))","qty":"\#(Self.text(trade.size))","quoteQty":"\#(Self.text(trade.price * trade.size))","time":\#(trade.time),"isBuyerMaker":\#(!trade.buy),"isBestMatch":true}"#
                }
            return json("[\(rows.joined(separator: ","))]")
        default:
            return json(#"{"code":404,"msg":"Not Found"}"#, status: 404)
        }
    }

    /// The exchange's error body for an HTTP status fault below 500 (spot's `{"code","msg"}`;
    /// the contract API's own errors come in its envelope instead).
    static func errorBody(status: Int) -> String {
        let message =
            switch status {
            case 400: "Bad Request"
            case 401: "Unauthorized"
            case 403: "Forbidden"
            case 404: "Not Found"
            case 418: "IP banned"
            case 429: "Too Many Requests"
            default: "error"
            }
        return #"{"code":\#(status),"msg":"\#(message)"}"#
    }

    /// The exchange's own error: spot's with a 400 (what a key without the right permission
    /// gets), the contract API's inside an HTTP 200 (501, "system busy" in its error table).
    static func envelopeError(path: String) -> ExchangeSimulator.Answer {
        if path.hasPrefix("/api/v3/") {
            return json(#"{"code":700007,"msg":"No permission to access the endpoint."}"#, status: 400)
        }
        return json(#"{"success":false,"code":501,"message":"System busy"}"#)
    }

    // MARK: Contract

    private func contract(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        let prefix = "/api/v1/contract/"
        guard path.hasPrefix(prefix) else { return Self.notFound() }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(
            String.init)
        switch (parts.first ?? "", parts.count) {
        case ("detail", 1):
            if let symbol = query["symbol"] {
                guard let market = perpMarket(symbol) else { return Self.noContract() }
                return Self.ok(detail(market))
            }
            // An inverse contract (settled in BTC) among the linear ones, as MEXC lists them.
            let inverse =
                #"{"symbol":"BTC_USD","displayName":"BTC_USD永续","displayNameEn":"BTC_USD PERPETUAL","positionOpenType":3,"baseCoin":"BTC","quoteCoin":"USD","settleCoin":"BTC","contractSize":100,"minLeverage":1,"maxLeverage":200,"priceScale":1,"volScale":0,"amountScale":4,"priceUnit":0.1,"volUnit":1,"minVol":1,"maxVol":1000000,"takerFeeRate":0.0002,"makerFeeRate":0,"maintenanceMarginRate":0.005,"initialMarginRate":0.005,"state":0,"isNew":false,"isHot":false,"isHidden":false,"futureType":1,"apiAllowed":false}"#
            return Self.ok("[\((perpMarkets.map(detail) + [inverse]).joined(separator: ","))]")
        case ("ticker", 1):
            if let symbol = query["symbol"] {
                guard let market = perpMarket(symbol) else { return Self.noContract() }
                return Self.ok(contractTicker(market))
            }
            return Self.ok("[\(perpMarkets.map(contractTicker).joined(separator: ","))]")
        case ("funding_rate", 2):
            guard let market = perpMarket(parts[1]) else { return Self.noContract() }
            return Self.ok(
                #"{"symbol":"\#(market.base)_USDT","fundingRate":\#(Self.number(market.fundingRate, 8)),"maxFundingRate":0.003,"minFundingRate":-0.003,"collectCycle":8,"nextSettleTime":\#(nextFundingTime(after: now)),"timestamp":\#(now)}"#
            )
        case ("index_price", 2):
            guard let market = perpMarket(parts[1]) else { return Self.noContract() }
            return Self.ok(
                #"{"symbol":"\#(market.base)_USDT","indexPrice":\#(Self.number(market.indexPrice)),"timestamp":\#(now)}"#
            )
        case ("fair_price", 2):
            guard let market = perpMarket(parts[1]) else { return Self.noContract() }
            return Self.ok(
                #"{"symbol":"\#(market.base)_USDT","fairPrice":\#(Self.number(market.markPrice)),"timestamp":\#(now)}"#)
        case ("kline", 2):
            guard let market = perpMarket(parts[1]) else { return Self.noContract() }
            return kline(market, query)
        case ("deals", 2):
            guard let market = perpMarket(parts[1]) else { return Self.noContract() }
            let size = Self.contractSize(market.base)
            let rows = universe.trades(market.base, count: limit(query, 100, max: 100), at: now, perp: true)
                .reversed().map { trade in
                    // Newest first, as documented; T 1 = taker bought, 2 = sold; v in contracts.
                    #"{"p":\#(Self.number(trade.price)),"v":\#(Self.number(trade.size / size)),"T":\#(trade.buy ? 1 : 2),"O":3,"M":2,"t":\#(trade.time)}"#
                }
            return Self.ok("[\(rows.joined(separator: ","))]")
        default:
            return Self.notFound()
        }
    }

    /// Bars whose open lies in `start…end` (seconds). The simulator's clock is frozen while the
    /// client's is not, so a range reaching past the simulator's now ends at the bar forming
    /// now, with as many bars as the range spans.
    private func kline(_ market: SimulatedMarket, _ query: [String: String]) -> ExchangeSimulator.Answer {
        let intervals: [String: Int64] = [
            "Min1": 60, "Min5": 300, "Min15": 900, "Min30": 1_800, "Min60": 3_600, "Hour4": 14_400, "Hour8": 28_800,
            "Day1": 86_400, "Week1": 604_800,
        ]
        guard let step = intervals[query["interval"] ?? "Min1"] else {
            return json(#"{"success":false,"code":600,"message":"Parameter error"}"#)
        }
        let nowSeconds = now / 1000
        let requestedEnd = query["end"].flatMap(Int64.init) ?? nowSeconds
        let maximum: Int64 = 2000
        let count: Int64 =
            if let start = query["start"].flatMap(Int64.init) {
                min(max(requestedEnd / step - start / step + 1, 0), maximum)
            } else {
                maximum
            }
        let end = min(requestedEnd, nowSeconds)
        let bars = universe.candles(
            market.base, interval: step * 1000, count: Int(count), at: end * 1000, perp: true)
        let size = Self.contractSize(market.base)
        func column(_ value: (SimulatedCandle) -> String) -> String { bars.map(value).joined(separator: ",") }
        return Self.ok(
            #"{"time":[\#(column { String($0.openTime / 1000) })],"open":[\#(column { Self.number($0.open) })],"close":[\#(column { Self.number($0.close) })],"high":[\#(column { Self.number($0.high) })],"low":[\#(column { Self.number($0.low) })],"vol":[\#(column { Self.number($0.volume / size) })],"amount":[\#(column { Self.number($0.quoteVolume) })]}"#
        )
    }

    private func detail(_ market: SimulatedMarket) -> String {
        let symbol = "\(market.base)_USDT"
        return
            #"{"symbol":"\#(symbol)","displayName":"\#(symbol)永续","displayNameEn":"\#(symbol) PERPETUAL","positionOpenType":3,"baseCoin":"\#(market.base)","quoteCoin":"USDT","settleCoin":"USDT","contractSize":\#(Self.number(Self.contractSize(market.base))),"minLeverage":1,"maxLeverage":125,"priceScale":2,"volScale":0,"amountScale":4,"priceUnit":0.01,"volUnit":1,"minVol":1,"maxVol":5000000,"bidLimitPriceRate":0.03,"askLimitPriceRate":0.03,"takerFeeRate":0.0002,"makerFeeRate":0,"maintenanceMarginRate":0.004,"initialMarginRate":0.008,"riskBaseVol":150000,"riskIncrVol":150000,"riskIncrMmr":0.004,"riskIncrImr":0.004,"riskLevelLimit":5,"priceCoefficientVariation":0.05,"indexOrigin":["BINANCE","OKX","BYBIT"],"state":0,"isNew":false,"isHot":true,"isHidden":false,"futureType":1,"apiAllowed":false}"#
    }

    private func contractTicker(_ market: SimulatedMarket) -> String {
        let size = Self.contractSize(market.base)
        let price = market.markPrice
        return
            #"{"contractId":\#((universe.bases.firstIndex(of: market.base) ?? 0) + 1),"symbol":"\#(market.base)_USDT","lastPrice":\#(Self.number(price)),"bid1":\#(Self.number(price * 0.99995)),"ask1":\#(Self.number(price * 1.00005)),"volume24":\#(Self.number(market.volume / size)),"amount24":\#(Self.number(market.volume * price)),"holdVol":\#(Self.number(market.openInterest / size)),"lower24Price":\#(Self.number(market.low)),"high24Price":\#(Self.number(market.high)),"riseFallRate":\#(Self.number(market.changePercent / 100, 4)),"riseFallValue":\#(Self.number(price - market.open)),"indexPrice":\#(Self.number(market.indexPrice)),"fairPrice":\#(Self.number(price)),"fundingRate":\#(Self.number(market.fundingRate, 8)),"maxBidPrice":\#(Self.number(price * 1.1)),"minAskPrice":\#(Self.number(price * 0.9)),"timestamp":\#(now)}"#
    }

    // MARK: Spot

    private func spotTicker(_ market: SimulatedMarket) -> String {
        let price = market.spot
        return
            #"{"symbol":"\#(market.base)USDT","priceChange":"\#(Self.text(price - market.open))","priceChangePercent":"\#(Self.text(market.changePercent / 100))","prevClosePrice":"\#(Self.text(market.open))","lastPrice":"\#(Self.text(price))","bidPrice":"\#(Self.text(price * 0.99995))","bidQty":"1","askPrice":"\#(Self.text(price * 1.00005))","askQty":"1","openPrice":"\#(Self.text(market.open))","highPrice":"\#(Self.text(market.high))","lowPrice":"\#(Self.text(market.low))","volume":"\#(Self.text(market.volume))","quoteVolume":"\#(Self.text(market.volume * price))","openTime":\#(now - 86_400_000),"closeTime":\#(now),"count":null}"#
    }

    private var spotMarkets: [SimulatedMarket] { universe.bases.compactMap { universe.market($0, at: now) } }
    private var perpMarkets: [SimulatedMarket] { spotMarkets.filter(\.hasPerp) }

    private func spotMarket(_ symbol: String) -> SimulatedMarket? {
        guard symbol.hasSuffix("USDT") else { return nil }
        return universe.market(String(symbol.dropLast(4)), at: now)
    }

    private func perpMarket(_ symbol: String) -> SimulatedMarket? {
        guard symbol.hasSuffix("_USDT"), let market = universe.market(String(symbol.dropLast(5)), at: now),
            market.hasPerp
        else { return nil }
        return market
    }

    private func badSymbol() -> ExchangeSimulator.Answer { json(#"{"code":10007,"msg":"bad symbol"}"#, status: 400) }

    private static func noContract() -> ExchangeSimulator.Answer {
        json(#"{"success":false,"code":1001,"message":"Contract does not exist"}"#)
    }

    private static func notFound() -> ExchangeSimulator.Answer {
        json(#"{"success":false,"code":404,"message":"Not Found"}"#, status: 404)
    }

    static func ok(_ data: String) -> ExchangeSimulator.Answer {
        json(#"{"success":true,"code":0,"data":\#(data)}"#)
    }

    /// A JSON number as MEXC writes it: no trailing zeros (`31199`, `0.0176`); tiny prices
    /// keep more decimals so that they keep their digits.
    static func number(_ value: Double, _ decimals: Int? = nil) -> String {
        let digits = decimals ?? (abs(value) < 1 ? 12 : 8)
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A spot number string (`"46263.71"`), trimmed the same way.
    static func text(_ value: Double) -> String { number(value) }
}
