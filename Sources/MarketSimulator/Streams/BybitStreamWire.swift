import Foundation

/// Bybit v5 public streams: `{"op":"subscribe","args":["tickers.BTCUSDT"],"req_id":…}` with
/// one answer a request (a refused topic subscribes nothing), `{"op":"ping"}`, and
/// `tickers.*` snapshots: on linear with mark, index, funding and open interest (base coin),
/// the values of the REST ticker (the perpetual trades at its mark). Linear also has
/// `allLiquidation.*`, one symbol's liquidations a topic.
struct BybitStreamWire: SimulatedStreamWire {
    let linear: Bool

    var path: String { linear ? "/v5/public/linear" : "/v5/public/spot" }

    func read(_ text: String, now: Int64, universe: SimulatedUniverse, refuse: Bool) -> StreamRequest {
        let object = jsonObject(text)
        let op = object?["op"] as? String ?? ""
        let id = Self.requestID(object?["req_id"])
        switch op {
        case "ping":
            // Linear's pong always carries `req_id`; spot's only when the ping had one.
            let echo = id.map { #","req_id":\#(Self.quoted($0))"# } ?? (linear ? #","req_id":"""# : "")
            return StreamRequest(replies: [#"{"success":true,"ret_msg":"pong","conn_id":"sim"\#(echo),"op":"ping"}"#])
        case "subscribe", "unsubscribe":
            let args = object?["args"] as? [Any] ?? []
            var wanted: [StreamSubscription] = []
            for item in args {
                let topic = item as? String ?? String(describing: item)
                guard !(refuse && op == "subscribe"), let subscription = subscription(topic: topic, universe, now)
                else {
                    return failure("Invalid topic: \(topic)", op: op, id: id)
                }
                if !wanted.contains(subscription) { wanted.append(subscription) }
            }
            var request = StreamRequest()
            if op == "subscribe" { request.subscribe = wanted } else { request.unsubscribe = wanted }
            // Spot says what was done; linear leaves `ret_msg` empty.
            request.replies = [
                #"{"success":true,"ret_msg":"\#(linear ? "" : op)","conn_id":"sim","req_id":\#(Self.quoted(id ?? "")),"op":"\#(op)"}"#
            ]
            return request
        default:
            return failure(object == nil ? "Invalid request: not JSON" : "Invalid op: \(op)", op: op, id: id)
        }
    }

    func frames(_ subscription: StreamSubscription, market: SimulatedMarket, now: Int64) -> [String] {
        guard !subscription.liquidations else { return [] }
        let symbol = subscription.usdt
        let fields: String
        if linear {
            // As the REST ticker: last = mark, turnover at the mark, interest in base coin.
            let price = market.markPrice
            fields =
                #""symbol":"\#(symbol)","tickDirection":"ZeroPlusTick","price24hPcnt":"\#(decimal(market.changePercent / 100, 6))","lastPrice":"\#(decimal(price))","prevPrice24h":"\#(decimal(market.open))","highPrice24h":"\#(decimal(market.high))","lowPrice24h":"\#(decimal(market.low))","markPrice":"\#(decimal(market.markPrice))","indexPrice":"\#(decimal(market.indexPrice))","openInterest":"\#(decimal(market.openInterest))","openInterestValue":"\#(decimal(market.openInterest * market.markPrice))","turnover24h":"\#(decimal(market.volume * price))","volume24h":"\#(decimal(market.volume))","nextFundingTime":"\#(nextFundingTime(after: now))","fundingRate":"\#(decimal(market.fundingRate))","fundingIntervalHour":"8","fundingCap":"0.005","bid1Price":"\#(decimal(price * 0.99995))","bid1Size":"1","ask1Price":"\#(decimal(price * 1.00005))","ask1Size":"1","basis":"","basisRate":"","deliveryTime":"0""#
        } else {
            let price = market.spot
            fields =
                #""symbol":"\#(symbol)","lastPrice":"\#(decimal(price))","highPrice24h":"\#(decimal(market.high))","lowPrice24h":"\#(decimal(market.low))","prevPrice24h":"\#(decimal(market.open))","volume24h":"\#(decimal(market.volume))","turnover24h":"\#(decimal(market.volume * price))","price24hPcnt":"\#(decimal(market.changePercent / 100, 6))","usdIndexPrice":"\#(decimal(market.indexPrice))""#
        }
        return [#"{"topic":"tickers.\#(symbol)","ts":\#(now),"type":"snapshot","cs":\#(now),"data":{\#(fields)}}"#]
    }

    /// `S` is the liquidated POSITION's side (Buy = a long), `v` coins, `p` the price.
    func liquidationFrames(_ liquidation: SimulatedLiquidation, contractValue: Double, now: Int64) -> [String] {
        guard linear else { return [] }
        let symbol = liquidation.base + "USDT"
        return [
            #"{"topic":"allLiquidation.\#(symbol)","type":"snapshot","ts":\#(now),"data":[{"T":\#(now),"s":"\#(symbol)","S":"\#(liquidation.isLong ? "Buy" : "Sell")","v":"\#(decimal(liquidation.quantity))","p":"\#(decimal(liquidation.price))"}]}"#
        ]
    }

    /// `tickers.BTCUSDT`, or on linear `allLiquidation.BTCUSDT` (a liquidation subscription).
    private func subscription(topic: String, _ universe: SimulatedUniverse, _ now: Int64) -> StreamSubscription? {
        if topic.hasPrefix("tickers.") {
            return subscription(String(topic.dropFirst("tickers.".count)), universe, now)
        }
        guard linear, topic.hasPrefix("allLiquidation."),
            var subscription = subscription(String(topic.dropFirst("allLiquidation.".count)), universe, now)
        else { return nil }
        subscription.liquidations = true
        return subscription
    }

    /// `BTCUSDT`, exactly, when listed (on linear: with a perpetual).
    private func subscription(_ symbol: String, _ universe: SimulatedUniverse, _ now: Int64) -> StreamSubscription? {
        guard let base = base(of: symbol, perp: linear, in: universe, at: now), symbol == base + "USDT" else {
            return nil
        }
        return StreamSubscription(base: base, perp: linear)
    }

    private func failure(_ message: String, op: String, id: String?) -> StreamRequest {
        let echo = id.map { #","req_id":\#(Self.quoted($0))"# } ?? ""
        return StreamRequest(replies: [
            #"{"success":false,"ret_msg":\#(Self.quoted(message)),"conn_id":"sim"\#(echo),"op":\#(Self.quoted(op))}"#
        ])
    }

    /// `req_id` as sent: a string, or a number a client wrote bare.
    private static func requestID(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }

    /// A JSON string literal (quotes included) of client text, cut to 200 characters.
    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [String(text.prefix(200))])) ?? Data(#"[""]"#.utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
