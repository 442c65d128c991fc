import Foundation

/// Bitget v2 public: `{"op":"subscribe","args":[{"instType":"SPOT","channel":"ticker","instId":"BTCUSDT"}]}`
/// with one answer an arg; the text `ping` answered by `pong`. `ticker` is always a snapshot
/// of the REST ticker's values; USDT-FUTURES adds mark, index, funding and open interest in
/// base coin (the perpetual trades at its mark, so last and mark are one price).
struct BitgetStreamWire: SimulatedStreamWire {
    var path: String { "/v2/ws/public" }

    func read(_ text: String, now: Int64, universe: SimulatedUniverse, refuse: Bool) -> StreamRequest {
        if text == "ping" { return StreamRequest(replies: ["pong"]) }
        guard let object = jsonObject(text) else {
            return StreamRequest(replies: [#"{"event":"error","code":30002,"msg":"illegal request"}"#])
        }
        guard let op = object["op"] as? String, op == "subscribe" || op == "unsubscribe" else {
            return StreamRequest(replies: [#"{"event":"error","code":30003,"msg":"invalid op"}"#])
        }
        guard let args = object["args"] as? [Any], !args.isEmpty else {
            return StreamRequest(replies: [#"{"event":"error","code":30016,"msg":"param error"}"#])
        }
        var request = StreamRequest()
        for item in args {
            let arg = item as? [String: Any] ?? [:]
            let instType = arg["instType"] as? String ?? ""
            let channel = arg["channel"] as? String ?? ""
            let instId = arg["instId"] as? String ?? ""
            let echo =
                #"{"instType":\#(Self.quoted(instType)),"channel":\#(Self.quoted(channel)),"instId":\#(Self.quoted(instId))}"#
            let perp = instType.uppercased() == "USDT-FUTURES"
            guard !(refuse && op == "subscribe"), perp || instType.uppercased() == "SPOT", channel == "ticker",
                let base = base(of: instId, perp: perp, in: universe, at: now), instId == base + "USDT"
            else {
                let message = "instType:\(instType),channel:\(channel),instId:\(instId) doesn't exist"
                request.replies.append(
                    #"{"event":"error","arg":\#(echo),"code":30001,"msg":\#(Self.quoted(message))}"#)
                continue
            }
            let subscription = StreamSubscription(base: base, perp: perp)
            if op == "subscribe" {
                if !request.subscribe.contains(subscription) { request.subscribe.append(subscription) }
            } else if !request.unsubscribe.contains(subscription) {
                request.unsubscribe.append(subscription)
            }
            request.replies.append(#"{"event":"\#(op)","arg":\#(echo)}"#)
        }
        return request
    }

    func frames(_ subscription: StreamSubscription, market: SimulatedMarket, now: Int64) -> [String] {
        let symbol = subscription.usdt
        let change = decimal(market.changePercent / 100, 10)
        let data: String
        if subscription.perp {
            let last = market.markPrice
            data =
                #"{"instId":"\#(symbol)","lastPr":"\#(Self.price(last))","bidPr":"\#(Self.price(last * 0.99995))","askPr":"\#(Self.price(last * 1.00005))","bidSz":"1.5","askSz":"2.5","open24h":"\#(Self.price(market.open))","high24h":"\#(Self.price(market.high))","low24h":"\#(Self.price(market.low))","change24h":"\#(change)","fundingRate":"\#(decimal(market.fundingRate, 10))","nextFundingTime":"\#(nextFundingTime(after: now))","markPrice":"\#(Self.price(market.markPrice))","indexPrice":"\#(Self.price(market.indexPrice))","holdingAmount":"\#(decimal(market.openInterest))","baseVolume":"\#(decimal(market.volume))","quoteVolume":"\#(decimal(market.volume * last))","openUtc":"\#(Self.price(market.open))","symbolType":"1","symbol":"\#(symbol)","deliveryPrice":"0","ts":"\#(now)"}"#
        } else {
            let last = market.spot
            data =
                #"{"instId":"\#(symbol)","lastPr":"\#(Self.price(last))","open24h":"\#(Self.price(market.open))","high24h":"\#(Self.price(market.high))","low24h":"\#(Self.price(market.low))","change24h":"\#(change)","bidPr":"\#(Self.price(last * 0.99995))","askPr":"\#(Self.price(last * 1.00005))","bidSz":"1.5","askSz":"2.5","baseVolume":"\#(decimal(market.volume))","quoteVolume":"\#(decimal(market.volume * last))","openUtc":"\#(Self.price(market.open))","changeUtc24h":"\#(change)","ts":"\#(now)"}"#
        }
        let instType = subscription.perp ? "USDT-FUTURES" : "SPOT"
        return [
            #"{"action":"snapshot","arg":{"instType":"\#(instType)","channel":"ticker","instId":"\#(symbol)"},"data":[\#(data)],"ts":\#(now)}"#
        ]
    }

    /// As the REST wire: prices below 1 (SHIB, PEPE) keep 12 decimals.
    private static func price(_ value: Double) -> String { decimal(value, abs(value) < 1 ? 12 : 8) }

    /// A JSON string literal (quotes included) of client text, cut to 100 characters.
    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [String(text.prefix(100))])) ?? Data(#"[""]"#.utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
