/// Bybit v5's JSON: the `retCode` envelope, strings for every number, fractions for %.
struct BybitWire {
    let universe: SimulatedUniverse
    let now: Int64

    func answer(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        let linear = query["category"] == "linear"
        guard query["category"] == "spot" || linear else {
            return envelope(code: 10001, message: "params error: category is invalid", result: "{}")
        }
        switch path {
        case "/v5/market/instruments-info":
            let list = markets(linear).map { market in
                linear
                    ? #"{"symbol":"\#(market.base)USDT","contractType":"LinearPerpetual","status":"Trading","baseCoin":"\#(market.base)","quoteCoin":"USDT","settleCoin":"USDT","fundingInterval":480}"#
                    : #"{"symbol":"\#(market.base)USDT","baseCoin":"\#(market.base)","quoteCoin":"USDT","status":"Trading"}"#
            }
            return envelope(
                result:
                    #"{"category":"\#(linear ? "linear" : "spot")","list":[\#(list.joined(separator: ","))],"nextPageCursor":""}"#
            )
        case "/v5/market/tickers":
            var selected = markets(linear)
            if let symbol = query["symbol"] {
                selected = selected.filter { "\($0.base)USDT" == symbol }
                if selected.isEmpty {
                    return envelope(code: 10001, message: "params error: symbol invalid", result: "{}")
                }
            }
            let list = selected.map { ticker($0, linear: linear) }
            return envelope(
                result: #"{"category":"\#(linear ? "linear" : "spot")","list":[\#(list.joined(separator: ","))]}"#)
        case "/v5/market/kline":
            guard let market = market(query["symbol"], linear) else {
                return envelope(code: 10001, message: "params error: symbol invalid", result: "{}")
            }
            let intervals: [String: Int64] = [
                "1": 60_000, "5": 300_000, "15": 900_000, "30": 1_800_000, "60": 3_600_000, "240": 14_400_000,
                "D": 86_400_000,
            ]
            guard let interval = intervals[query["interval"] ?? ""] else {
                return envelope(code: 10001, message: "params error: interval invalid", result: "{}")
            }
            let rows = universe.candles(
                market.base, interval: interval, count: limit(query, 200, max: 1000), at: now, perp: linear
            )
            .reversed().map { bar in
                #"["\#(bar.openTime)","\#(decimal(bar.open))","\#(decimal(bar.high))","\#(decimal(bar.low))","\#(decimal(bar.close))","\#(decimal(bar.volume))","\#(decimal(bar.quoteVolume))"]"#
            }
            return envelope(
                result:
                    #"{"symbol":"\#(market.base)USDT","category":"\#(linear ? "linear" : "spot")","list":[\#(rows.joined(separator: ","))]}"#
            )
        case "/v5/market/recent-trade":
            guard let market = market(query["symbol"], linear) else {
                return envelope(code: 10001, message: "params error: symbol invalid", result: "{}")
            }
            let rows = universe.trades(
                market.base, count: limit(query, 60, max: linear ? 1000 : 60), at: now, perp: linear
            )
            .enumerated().reversed().map { index, trade in
                #"{"execId":"\#(index)","symbol":"\#(market.base)USDT","price":"\#(decimal(trade.price))","size":"\#(decimal(trade.size))","side":"\#(trade.buy ? "Buy" : "Sell")","time":"\#(trade.time)","isBlockTrade":false,"isRPITrade":false,"seq":"\#(index)"}"#
            }
            return envelope(
                result: #"{"category":"\#(linear ? "linear" : "spot")","list":[\#(rows.joined(separator: ","))]}"#)
        case "/v5/market/open-interest":
            guard linear, let market = market(query["symbol"], true) else {
                return envelope(code: 10001, message: "params error: symbol invalid", result: "{}")
            }
            let periods: [String: Int64] = [
                "5min": 300_000, "15min": 900_000, "30min": 1_800_000, "1h": 3_600_000, "4h": 14_400_000,
                "1d": 86_400_000,
            ]
            guard let period = periods[query["intervalTime"] ?? ""] else {
                return envelope(code: 10001, message: "params error: intervalTime invalid", result: "{}")
            }
            let rows = universe.openInterestHistory(
                market.base, period: period, count: limit(query, 50, max: 200), at: now
            )
            .reversed().map { point in #"{"openInterest":"\#(decimal(point.base))","timestamp":"\#(point.time)"}"# }
            return envelope(
                result:
                    #"{"symbol":"\#(market.base)USDT","category":"linear","list":[\#(rows.joined(separator: ","))],"nextPageCursor":""}"#
            )
        default:
            return json(#"{"retCode":10001,"retMsg":"path not found"}"#, status: 404)
        }
    }

    private func markets(_ linear: Bool) -> [SimulatedMarket] {
        universe.bases.compactMap { universe.market($0, at: now) }.filter { !linear || $0.hasPerp }
    }

    private func market(_ symbol: String?, _ linear: Bool) -> SimulatedMarket? {
        guard let symbol, symbol.hasSuffix("USDT"), let market = universe.market(String(symbol.dropLast(4)), at: now)
        else {
            return nil
        }
        return !linear || market.hasPerp ? market : nil
    }

    private func envelope(code: Int = 0, message: String = "OK", result: String) -> ExchangeSimulator.Answer {
        json(#"{"retCode":\#(code),"retMsg":"\#(message)","result":\#(result),"retExtInfo":{},"time":\#(now)}"#)
    }

    private func ticker(_ market: SimulatedMarket, linear: Bool) -> String {
        let price = linear ? market.markPrice : market.spot
        var fields =
            #""symbol":"\#(market.base)USDT","bid1Price":"\#(decimal(price * 0.99995))","bid1Size":"1","ask1Price":"\#(decimal(price * 1.00005))","ask1Size":"1","lastPrice":"\#(decimal(price))","prevPrice24h":"\#(decimal(market.open))","price24hPcnt":"\#(decimal(market.changePercent / 100, 6))","highPrice24h":"\#(decimal(market.high))","lowPrice24h":"\#(decimal(market.low))","turnover24h":"\#(decimal(market.volume * price))","volume24h":"\#(decimal(market.volume))""#
        if linear {
            fields +=
                #","indexPrice":"\#(decimal(market.indexPrice))","markPrice":"\#(decimal(market.markPrice))","openInterest":"\#(decimal(market.openInterest))","openInterestValue":"\#(decimal(market.openInterest * market.markPrice))","fundingRate":"\#(decimal(market.fundingRate))","nextFundingTime":"\#(nextFundingTime(after: now))","fundingIntervalHour":"8","fundingCap":"0.005","basis":"","basisRate":"","deliveryTime":"0""#
        } else {
            fields += #","usdIndexPrice":"\#(decimal(market.indexPrice))""#
        }
        return "{\(fields)}"
    }
}
