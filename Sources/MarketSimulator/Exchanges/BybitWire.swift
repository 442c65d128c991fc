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
        default:
            return json(#"{"retCode":10001,"retMsg":"path not found"}"#, status: 404)
        }
    }

    private func markets(_ linear: Bool) -> [SimulatedMarket] {
        universe.bases.compactMap { universe.market($0, at: now) }.filter { !linear || $0.hasPerp }
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
