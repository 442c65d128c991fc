import Foundation

/// Binance's combined streams: `SUBSCRIBE` with lower-case stream names; frames wrapped as
/// `{"stream":…,"data":…}`; `24hrTicker` and (futures) `markPriceUpdate`, and on futures the
/// market-wide `!forceOrder@arr` liquidations.
struct BinanceStreamWire: SimulatedStreamWire {
    let futures: Bool

    var path: String { futures ? "/market/stream" : "/stream" }

    func read(_ text: String, now: Int64, universe: SimulatedUniverse, refuse: Bool) -> StreamRequest {
        guard let object = jsonObject(text), let method = object["method"] as? String else {
            return StreamRequest(replies: [
                #"{"error":{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"},"id":null}"#
            ])
        }
        let id = (object["id"] as? Int).map(String.init) ?? "null"
        var request = StreamRequest()
        switch method {
        case "SUBSCRIBE", "UNSUBSCRIBE":
            let names = object["params"] as? [String] ?? []
            var wanted: [StreamSubscription] = []
            let invalid = StreamRequest(replies: [
                #"{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":\#(id)}"#
            ])
            for name in names {
                guard !refuse else { return invalid }
                if futures && name == "!forceOrder@arr" {
                    wanted.append(.everyLiquidation)
                    continue
                }
                let symbol = String(name.split(separator: "@").first ?? "")
                guard let base = base(of: symbol, perp: futures, in: universe, at: now) else { return invalid }
                wanted.append(StreamSubscription(base: base, perp: futures))
            }
            if method == "SUBSCRIBE" { request.subscribe = wanted } else { request.unsubscribe = wanted }
            request.replies = [#"{"result":null,"id":\#(id)}"#]
        case "LIST_SUBSCRIPTIONS":
            request.replies = [#"{"result":[],"id":\#(id)}"#]
        default:
            request.replies = [#"{"error":{"code":2,"msg":"Invalid request: unknown method"},"id":\#(id)}"#]
        }
        return request
    }

    func frames(_ subscription: StreamSubscription, market: SimulatedMarket, now: Int64) -> [String] {
        guard !subscription.liquidations else { return [] }
        let name = subscription.usdt.lowercased()
        // The perpetual trades at its mark, as the REST simulator answers.
        let price = subscription.perp ? market.markPrice : market.spot
        let change = price - market.open
        let ticker =
            #"{"stream":"\#(name)@ticker","data":{"e":"24hrTicker","E":\#(now),"s":"\#(subscription.usdt)","p":"\#(decimal(change))","P":"\#(decimal(market.changePercent, 3))","w":"\#(decimal(price))","c":"\#(decimal(price))","Q":"0.10000000","o":"\#(decimal(market.open))","h":"\#(decimal(market.high))","l":"\#(decimal(market.low))","v":"\#(decimal(market.volume))","q":"\#(decimal(market.volume * price))","O":\#(now - 86_400_000),"C":\#(now),"F":1,"L":1000,"n":1000}}"#
        guard subscription.perp else { return [ticker] }
        let mark =
            #"{"stream":"\#(name)@markPrice@1s","data":{"e":"markPriceUpdate","E":\#(now),"s":"\#(subscription.usdt)","p":"\#(decimal(market.markPrice))","i":"\#(decimal(market.indexPrice))","P":"\#(decimal(market.markPrice))","r":"\#(decimal(market.fundingRate))","T":\#(nextFundingTime(after: now))}}"#
        return [ticker, mark]
    }

    /// One object a frame, even on `@arr`. `S` is the ORDER's side: SELL closes a long. Filled
    /// at once at the price: `p` and `ap` equal, `q`, `l` and `z` the coins.
    func liquidationFrames(_ liquidation: SimulatedLiquidation, contractValue: Double, now: Int64) -> [String] {
        guard futures else { return [] }
        let symbol = liquidation.base + "USDT"
        let price = decimal(liquidation.price)
        let quantity = decimal(liquidation.quantity)
        return [
            #"{"stream":"!forceOrder@arr","data":{"e":"forceOrder","E":\#(now),"o":{"s":"\#(symbol)","S":"\#(liquidation.isLong ? "SELL" : "BUY")","o":"LIMIT","f":"IOC","q":"\#(quantity)","p":"\#(price)","ap":"\#(price)","X":"FILLED","l":"\#(quantity)","z":"\#(quantity)","T":\#(now)}}}"#
        ]
    }
}
