/// Bitget v2's JSON: the `{"code":"00000","msg":"success","requestTime":…,"data":…}`
/// envelope, every number a string, percent changes as fractions, perpetual sizes in base
/// coin, candles as arrays of strings oldest first, trades newest first. Errors keep the
/// envelope with `data: null`.
struct BitgetWire {
    let universe: SimulatedUniverse
    let now: Int64

    static let productType = "USDT-FUTURES"

    func answer(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        switch path {
        case "/api/v2/spot/public/symbols":
            let listed = markets(perp: false).filter { query["symbol"] == nil || "\($0.base)USDT" == query["symbol"] }
            if let symbol = query["symbol"], listed.isEmpty { return missing(symbol) }
            return ok(listed.map(symbolItem))
        case "/api/v2/spot/market/tickers":
            if let symbol = query["symbol"] {
                guard let market = lookup(symbol, perp: false) else { return missing(symbol) }
                return ok([spotTicker(market)])
            }
            return ok(markets(perp: false).map(spotTicker))
        case "/api/v2/mix/market/contracts":
            if let refusal = checkProductType(query) { return refusal }
            let listed = markets(perp: true).filter { query["symbol"] == nil || "\($0.base)USDT" == query["symbol"] }
            if let symbol = query["symbol"], listed.isEmpty { return missing(symbol) }
            return ok(listed.map(contractItem))
        case "/api/v2/mix/market/tickers":
            if let refusal = checkProductType(query) { return refusal }
            return ok(markets(perp: true).map(perpTicker))
        case "/api/v2/mix/market/ticker":
            if let refusal = checkProductType(query) { return refusal }
            guard let market = lookup(query["symbol"], perp: true) else { return missing(query["symbol"]) }
            return ok([perpTicker(market)])
        case "/api/v2/mix/market/symbol-price":
            if let refusal = checkProductType(query) { return refusal }
            guard let market = lookup(query["symbol"], perp: true) else { return missing(query["symbol"]) }
            // The perpetual trades at the mark in the simulator.
            return ok([
                #"{"symbol":"\#(market.base)USDT","price":"\#(price(market.markPrice))","indexPrice":"\#(price(market.indexPrice))","markPrice":"\#(price(market.markPrice))","ts":"\#(now)"}"#
            ])
        case "/api/v2/mix/market/current-fund-rate":
            if let refusal = checkProductType(query) { return refusal }
            guard let market = lookup(query["symbol"], perp: true) else { return missing(query["symbol"]) }
            return ok([
                #"{"symbol":"\#(market.base)USDT","fundingRate":"\#(decimal(market.fundingRate, 10))","fundingRateInterval":"8","nextUpdate":"\#(nextFundingTime(after: now))","minFundingRate":"-0.003","maxFundingRate":"0.003"}"#
            ])
        case "/api/v2/mix/market/funding-time":
            if let refusal = checkProductType(query) { return refusal }
            guard let market = lookup(query["symbol"], perp: true) else { return missing(query["symbol"]) }
            return ok([
                #"{"symbol":"\#(market.base)USDT","nextFundingTime":"\#(nextFundingTime(after: now))","ratePeriod":"8"}"#
            ])
        case "/api/v2/mix/market/open-interest":
            if let refusal = checkProductType(query) { return refusal }
            guard let market = lookup(query["symbol"], perp: true) else { return missing(query["symbol"]) }
            return ok(
                #"{"openInterestList":[{"symbol":"\#(market.base)USDT","size":"\#(decimal(market.openInterest))"}],"ts":"\#(now)"}"#
            )
        case "/api/v2/spot/market/candles":
            return candles(query, perp: false)
        case "/api/v2/mix/market/candles":
            if let refusal = checkProductType(query) { return refusal }
            return candles(query, perp: true)
        case "/api/v2/spot/market/fills":
            return fills(query, perp: false)
        case "/api/v2/mix/market/fills":
            if let refusal = checkProductType(query) { return refusal }
            return fills(query, perp: true)
        default:
            return json(
                #"{"code":"40404","msg":"Request URL NOT FOUND","requestTime":\#(now),"data":null}"#, status: 404)
        }
    }

    /// The exchange's error body for an HTTP status fault below 500.
    static func errorBody(status: Int, now: Int64) -> String {
        let message =
            switch status {
            case 429: "Too Many Requests"
            case 400: "Bad Request"
            case 401: "Unauthorized"
            case 403: "Forbidden"
            case 404: "Request URL NOT FOUND"
            default: "Request failed"
            }
        return #"{"code":"\#(status)","msg":"\#(message)","requestTime":\#(now),"data":null}"#
    }

    /// The exchange's own error inside an HTTP 200.
    static func envelopeError(now: Int64) -> ExchangeSimulator.Answer {
        json(#"{"code":"40015","msg":"System is abnormal, please try again later","requestTime":\#(now),"data":null}"#)
    }

    // MARK: Parts

    private func candles(_ query: [String: String], perp: Bool) -> ExchangeSimulator.Answer {
        guard let market = lookup(query["symbol"], perp: perp) else { return missing(query["symbol"]) }
        // Only grids the simulator draws: the UTC+8 days (`1day`, `1D`) are not among them.
        let granularities: [String: Int64] =
            perp
            ? [
                "1m": 60_000, "3m": 180_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1H": 3_600_000,
                "4H": 14_400_000, "6Hutc": 21_600_000, "12Hutc": 43_200_000, "1Dutc": 86_400_000,
            ]
            : [
                "1min": 60_000, "3min": 180_000, "5min": 300_000, "15min": 900_000, "30min": 1_800_000,
                "1h": 3_600_000, "4h": 14_400_000, "6Hutc": 21_600_000, "12Hutc": 43_200_000, "1Dutc": 86_400_000,
            ]
        guard let interval = granularities[query["granularity"] ?? ""] else {
            return json(
                #"{"code":"40017","msg":"Parameter verification failed granularity","requestTime":\#(now),"data":null}"#,
                status: 400)
        }
        guard let count = requestedCount(query, max: 1000) else { return limitRefused() }
        let bars = universe.candles(market.base, interval: interval, count: count, at: now, perp: perp)
        return ok(
            bars.map { bar in
                let head =
                    #""\#(bar.openTime)","\#(price(bar.open))","\#(price(bar.high))","\#(price(bar.low))","\#(price(bar.close))","\#(decimal(bar.volume))""#
                // Spot: base, USDT and quote volume; mix: base and quote.
                return perp
                    ? "[\(head),\"\(decimal(bar.quoteVolume))\"]"
                    : "[\(head),\"\(decimal(bar.quoteVolume))\",\"\(decimal(bar.quoteVolume))\"]"
            })
    }

    private func fills(_ query: [String: String], perp: Bool) -> ExchangeSimulator.Answer {
        guard let market = lookup(query["symbol"], perp: perp) else { return missing(query["symbol"]) }
        guard let count = requestedCount(query, max: perp ? 100 : 500) else { return limitRefused() }
        let symbol = "\(market.base)USDT"
        // Newest first, and capitalised sides as live answers have them (the docs say "buy").
        let rows = universe.trades(market.base, count: count, at: now, perp: perp).enumerated().reversed().map {
            index, trade in
            #"{"symbol":"\#(symbol)","tradeId":"\#(now / 1000 * 1000 + Int64(index))","side":"\#(trade.buy ? "Buy" : "Sell")","price":"\#(price(trade.price))","size":"\#(decimal(trade.size))","ts":"\#(trade.time)"}"#
        }
        return ok(rows)
    }

    /// `limit`, 100 when absent. Bitget documents its maximum but not its answer to more;
    /// refusing (as its parameter checks refuse other values) makes an adapter that forgets
    /// to clamp fail visibly instead of being clamped here.
    private func requestedCount(_ query: [String: String], max: Int) -> Int? {
        guard let text = query["limit"] else { return 100 }
        guard let value = Int(text), value > 0, value <= max else { return nil }
        return value
    }

    private func limitRefused() -> ExchangeSimulator.Answer {
        json(
            #"{"code":"40017","msg":"Parameter verification failed limit","requestTime":\#(now),"data":null}"#,
            status: 400)
    }

    private func symbolItem(_ market: SimulatedMarket) -> String {
        #"{"symbol":"\#(market.base)USDT","baseCoin":"\#(market.base)","quoteCoin":"USDT","minTradeAmount":"0","maxTradeAmount":"900000000000000000000","takerFeeRate":"0.001","makerFeeRate":"0.001","pricePrecision":"4","quantityPrecision":"4","quotePrecision":"8","status":"online","minTradeUSDT":"1","buyLimitPriceRatio":"0.05","sellLimitPriceRatio":"0.05","areaSymbol":"no","orderQuantity":"200","openTime":"1532454360000","offTime":""}"#
    }

    private func contractItem(_ market: SimulatedMarket) -> String {
        #"{"symbol":"\#(market.base)USDT","baseCoin":"\#(market.base)","quoteCoin":"USDT","buyLimitPriceRatio":"0.9","sellLimitPriceRatio":"0.9","feeRateUpRatio":"0.1","makerFeeRate":"0.0002","takerFeeRate":"0.0006","openCostUpRatio":"0.1","supportMarginCoins":["USDT"],"minTradeNum":"\#(trim(market.contractValue))","priceEndStep":"1","volumePlace":"4","pricePlace":"4","sizeMultiplier":"\#(trim(market.contractValue))","symbolType":"perpetual","minTradeUSDT":"5","maxSymbolOrderNum":"999999","maxProductOrderNum":"999999","maxPositionNum":"150","symbolStatus":"normal","offTime":"-1","limitOpenTime":"-1","deliveryTime":"","deliveryStartTime":"","launchTime":"","fundInterval":"8","minLever":"1","maxLever":"125","posLimit":"0.05","maintainTime":"","maxMarketOrderQty":"220","maxOrderQty":"1200"}"#
    }

    private func spotTicker(_ market: SimulatedMarket) -> String {
        let last = market.spot
        return
            #"{"symbol":"\#(market.base)USDT","high24h":"\#(price(market.high))","open":"\#(price(market.open))","low24h":"\#(price(market.low))","lastPr":"\#(price(last))","quoteVolume":"\#(decimal(market.volume * last))","baseVolume":"\#(decimal(market.volume))","usdtVolume":"\#(decimal(market.volume * last))","bidPr":"\#(price(last * 0.99995))","askPr":"\#(price(last * 1.00005))","bidSz":"1.5","askSz":"2.5","openUtc":"\#(price(market.open))","ts":"\#(now)","changeUtc24h":"\#(decimal(market.changePercent / 100, 10))","change24h":"\#(decimal(market.changePercent / 100, 10))"}"#
    }

    /// The perpetual trades at the mark in the simulator: last and mark are the same price.
    private func perpTicker(_ market: SimulatedMarket) -> String {
        let last = market.markPrice
        return
            #"{"symbol":"\#(market.base)USDT","lastPr":"\#(price(last))","askPr":"\#(price(last * 1.00005))","bidPr":"\#(price(last * 0.99995))","bidSz":"1.5","askSz":"2.5","high24h":"\#(price(market.high))","low24h":"\#(price(market.low))","ts":"\#(now)","change24h":"\#(decimal(market.changePercent / 100, 10))","baseVolume":"\#(decimal(market.volume))","quoteVolume":"\#(decimal(market.volume * last))","usdtVolume":"\#(decimal(market.volume * last))","openUtc":"\#(price(market.open))","changeUtc24h":"\#(decimal(market.changePercent / 100, 10))","indexPrice":"\#(price(market.indexPrice))","fundingRate":"\#(decimal(market.fundingRate, 10))","holdingAmount":"\#(decimal(market.openInterest))","deliveryStartTime":null,"deliveryTime":null,"deliveryStatus":"","open24h":"\#(price(market.open))","markPrice":"\#(price(last))"}"#
    }

    private func markets(perp: Bool) -> [SimulatedMarket] {
        universe.bases.compactMap { universe.market($0, at: now) }.filter { !perp || $0.hasPerp }
    }

    /// `BTCUSDT` → the market, when listed on that market.
    private func lookup(_ symbol: String?, perp: Bool) -> SimulatedMarket? {
        guard let symbol, symbol.hasSuffix("USDT"), let market = universe.market(String(symbol.dropLast(4)), at: now)
        else { return nil }
        return !perp || market.hasPerp ? market : nil
    }

    /// Only USDT-M is simulated; the docs themselves send the value in either case.
    private func checkProductType(_ query: [String: String]) -> ExchangeSimulator.Answer? {
        guard let value = query["productType"] else {
            return json(
                #"{"code":"40019","msg":"Parameter productType cannot be empty","requestTime":\#(now),"data":null}"#,
                status: 400)
        }
        return value.uppercased() == Self.productType ? nil : missing(value)
    }

    private func ok(_ items: [String]) -> ExchangeSimulator.Answer { ok("[\(items.joined(separator: ","))]") }

    private func ok(_ data: String) -> ExchangeSimulator.Answer {
        json(#"{"code":"00000","msg":"success","requestTime":\#(now),"data":\#(data)}"#)
    }

    /// Bitget's answer to a symbol it does not know (a captured body's shape, HTTP 400).
    private func missing(_ value: String?) -> ExchangeSimulator.Answer {
        guard let value, !value.isEmpty else {
            return json(
                #"{"code":"40019","msg":"Parameter symbol cannot be empty","requestTime":\#(now),"data":null}"#,
                status: 400)
        }
        var safe = ""
        safe.unicodeScalars.append(
            contentsOf: value.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 })
        return json(
            #"{"code":"40034","msg":"Parameter \#(safe) does not exist","requestTime":\#(now),"data":null}"#,
            status: 400)
    }

    /// Prices below 1 (SHIB, PEPE) need more than 8 decimals to keep their digits.
    private func price(_ value: Double) -> String { decimal(value, abs(value) < 1 ? 12 : 8) }

    private func trim(_ value: Double) -> String {
        var text = decimal(value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
