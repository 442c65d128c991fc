import Foundation

/// MEXC futures (`/edge`), JSON: `{"method":"sub.ticker","param":{"symbol":"BTC_USDT"}}` and
/// `sub.funding.rate` (and their `unsub.`), one `rs.*` answer a request; `{"method":"ping"}`
/// answered by `{"channel":"pong","data":<ms>}`. Both channels of a symbol are one
/// subscription, pushed as `push.ticker` and `push.funding.rate` with the REST contract
/// values: JSON numbers, the perpetual's last = its mark (`fairPrice`), sizes in contracts of
/// `contractSize`.
struct MEXCStreamWire: SimulatedStreamWire {
    var path: String { "/edge" }

    func read(_ text: String, now: Int64, universe: SimulatedUniverse, refuse: Bool) -> StreamRequest {
        func reply(_ channel: String, _ data: String) -> StreamRequest {
            StreamRequest(replies: [#"{"channel":"\#(channel)","data":\#(Self.quoted(data)),"ts":\#(now)}"#])
        }
        guard let object = jsonObject(text), let method = object["method"] as? String else {
            return reply("rs.error", "Invalid request")
        }
        if method == "ping" { return StreamRequest(replies: [#"{"channel":"pong","data":\#(now)}"#]) }
        guard ["sub.ticker", "sub.funding.rate", "unsub.ticker", "unsub.funding.rate"].contains(method) else {
            // `sub.tickers` (every contract) and the other channels are not simulated.
            return reply("rs.error", "Method [\(method)] not supported")
        }
        let symbol = (object["param"] as? [String: Any])?["symbol"] as? String ?? ""
        let subscribing = method.hasPrefix("sub.")
        guard !(refuse && subscribing), let base = base(of: symbol, perp: true, in: universe, at: now),
            symbol == base + "_USDT"
        else {
            return reply("rs.error", "Contract [\(symbol)] not exists")
        }
        var request = reply("rs." + method, "success")
        let subscription = StreamSubscription(base: base, perp: true)
        if subscribing { request.subscribe = [subscription] } else { request.unsubscribe = [subscription] }
        return request
    }

    func frames(_ subscription: StreamSubscription, market: SimulatedMarket, now: Int64) -> [String] {
        let symbol = subscription.underscored
        let size = MEXCWire.contractSize(market.base)
        let price = market.markPrice
        func number(_ value: Double, _ decimals: Int? = nil) -> String { MEXCWire.number(value, decimals) }
        // As the REST contract ticker: volume24 and holdVol in contracts, amount24 quote.
        let ticker =
            #"{"symbol":"\#(symbol)","data":{"symbol":"\#(symbol)","lastPrice":\#(number(price)),"riseFallRate":\#(number(market.changePercent / 100, 4)),"fairPrice":\#(number(price)),"indexPrice":\#(number(market.indexPrice)),"volume24":\#(number(market.volume / size)),"amount24":\#(number(market.volume * price)),"maxBidPrice":\#(number(price * 1.1)),"minAskPrice":\#(number(price * 0.9)),"lower24Price":\#(number(market.low)),"high24Price":\#(number(market.high)),"timestamp":\#(now),"bid1":\#(number(price * 0.99995)),"ask1":\#(number(price * 1.00005)),"holdVol":\#(number(market.openInterest / size)),"riseFallValue":\#(number(price - market.open)),"fundingRate":\#(number(market.fundingRate, 8)),"zone":"UTC+8"},"channel":"push.ticker","ts":\#(now)}"#
        let funding =
            #"{"symbol":"\#(symbol)","data":{"symbol":"\#(symbol)","rate":\#(number(market.fundingRate, 8)),"nextSettleTime":\#(nextFundingTime(after: now))},"channel":"push.funding.rate","ts":\#(now)}"#
        return [ticker, funding]
    }

    /// A JSON string literal (quotes included) of client text, cut to 100 characters.
    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [String(text.prefix(100))])) ?? Data(#"[""]"#.utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
