import Foundation

/// OKX v5 public: `{"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}` with
/// one answer an arg; the text `ping` answered by `pong`. A swap (`BTC-USDT-SWAP`) is pushed
/// on its four channels (tickers, mark-price, funding-rate, open-interest), each its own
/// frame with the REST values: swap sizes in contracts of `ctVal`, `ts` as strings. Swaps'
/// liquidations are one market-wide channel, `liquidation-orders` by `instType`.
struct OKXStreamWire: SimulatedStreamWire {
    var path: String { "/ws/v5/public" }

    static func channels(perp: Bool) -> [String] {
        perp ? ["tickers", "mark-price", "funding-rate", "open-interest"] : ["tickers"]
    }

    func read(_ text: String, now: Int64, universe: SimulatedUniverse, refuse: Bool) -> StreamRequest {
        if text == "ping" { return StreamRequest(replies: ["pong"]) }
        guard let object = jsonObject(text), let op = object["op"] as? String, op == "subscribe" || op == "unsubscribe",
            let args = object["args"] as? [Any], !args.isEmpty
        else {
            return StreamRequest(replies: [
                #"{"event":"error","code":"60012","msg":\#(Self.quoted("Invalid request: " + text)),"connId":"sim"}"#
            ])
        }
        var request = StreamRequest()
        for item in args {
            let arg = item as? [String: Any] ?? [:]
            let channel = arg["channel"] as? String ?? ""
            if channel == "liquidation-orders" {
                let instType = arg["instType"] as? String ?? ""
                // Only swaps are simulated: another type is a channel that does not exist here.
                guard !(refuse && op == "subscribe"), instType == "SWAP" else {
                    let message =
                        "Wrong URL or channel:\(channel),instType:\(instType) doesn't exist. Please use the correct URL, channel and parameters referring to API document."
                    request.replies.append(
                        #"{"event":"error","msg":\#(Self.quoted(message)),"code":"60018","connId":"sim"}"#)
                    continue
                }
                if op == "subscribe" {
                    if !request.subscribe.contains(.everyLiquidation) { request.subscribe.append(.everyLiquidation) }
                } else if !request.unsubscribe.contains(.everyLiquidation) {
                    request.unsubscribe.append(.everyLiquidation)
                }
                request.replies.append(
                    #"{"event":"\#(op)","arg":{"channel":"liquidation-orders","instType":"SWAP"},"connId":"sim"}"#)
                continue
            }
            let instId = arg["instId"] as? String ?? ""
            let perp = instId.hasSuffix("-SWAP")
            guard !(refuse && op == "subscribe"), Self.channels(perp: perp).contains(channel),
                let base = base(of: instId, perp: perp, in: universe, at: now),
                instId == base + (perp ? "-USDT-SWAP" : "-USDT")
            else {
                let message =
                    "Wrong URL or channel:\(channel),instId:\(instId) doesn't exist. Please use the correct URL, channel and parameters referring to API document."
                request.replies.append(
                    #"{"event":"error","msg":\#(Self.quoted(message)),"code":"60018","connId":"sim"}"#)
                continue
            }
            // The four channels of a swap are one subscription.
            let subscription = StreamSubscription(base: base, perp: perp)
            if op == "subscribe" {
                if !request.subscribe.contains(subscription) { request.subscribe.append(subscription) }
            } else if !request.unsubscribe.contains(subscription) {
                request.unsubscribe.append(subscription)
            }
            request.replies.append(
                #"{"event":"\#(op)","arg":{"channel":"\#(channel)","instId":"\#(instId)"},"connId":"sim"}"#)
        }
        return request
    }

    func frames(_ subscription: StreamSubscription, market: SimulatedMarket, now: Int64) -> [String] {
        guard !subscription.liquidations else { return [] }
        let swap = subscription.perp
        let id = swap ? subscription.dashed + "-SWAP" : subscription.dashed
        func frame(_ channel: String, _ data: String) -> String {
            #"{"arg":{"channel":"\#(channel)","instId":"\#(id)"},"data":[\#(data)]}"#
        }
        // As the REST ticker: the swap's last is its mark; SPOT vol24h base and volCcy24h
        // quote, SWAP vol24h contracts and volCcy24h base.
        let price = swap ? market.markPrice : market.spot
        let vol = swap ? market.volume / market.contractValue : market.volume
        let volCcy = swap ? market.volume : market.volume * price
        let ticker = frame(
            "tickers",
            #"{"instType":"\#(swap ? "SWAP" : "SPOT")","instId":"\#(id)","last":"\#(decimal(price))","lastSz":"1","askPx":"\#(decimal(price * 1.00005))","askSz":"1","bidPx":"\#(decimal(price * 0.99995))","bidSz":"1","open24h":"\#(decimal(market.open))","high24h":"\#(decimal(market.high))","low24h":"\#(decimal(market.low))","volCcy24h":"\#(decimal(volCcy))","vol24h":"\#(decimal(vol))","sodUtc0":"\#(decimal(market.open))","sodUtc8":"\#(decimal(market.open))","ts":"\#(now)"}"#
        )
        guard swap else { return [ticker] }
        let mark = frame(
            "mark-price",
            #"{"instId":"\#(id)","instType":"SWAP","markPx":"\#(decimal(market.markPrice))","ts":"\#(now)"}"#)
        // `fundingTime` is the settlement ahead, `nextFundingTime` the one after it.
        let settles = nextFundingTime(after: now)
        let funding = frame(
            "funding-rate",
            #"{"formulaType":"noRate","fundingRate":"\#(decimal(market.fundingRate, 16))","fundingTime":"\#(settles)","impactValue":"","instId":"\#(id)","instType":"SWAP","interestRate":"","maxFundingRate":"0.00375","method":"current_period","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"\#(settles + 8 * 3_600_000)","premium":"0.0001","settFundingRate":"0.0001","settState":"settled","ts":"\#(now)"}"#
        )
        // `oi` contracts, `oiCcy` base coin, `oiUsd` at the mark.
        let interest = frame(
            "open-interest",
            #"{"instId":"\#(id)","instType":"SWAP","oi":"\#(decimal(market.openInterest / market.contractValue))","oiCcy":"\#(decimal(market.openInterest))","oiUsd":"\#(decimal(market.openInterest * market.markPrice))","ts":"\#(now)"}"#
        )
        return [ticker, mark, funding, interest]
    }

    /// `posSide` the position, `side` the closing order's; `sz` in contracts of `ctVal`,
    /// `bkPx` the price, `ts` a string.
    func liquidationFrames(_ liquidation: SimulatedLiquidation, contractValue: Double, now: Int64) -> [String] {
        guard contractValue > 0 else { return [] }
        let family = liquidation.base + "-USDT"
        let long = liquidation.isLong
        return [
            #"{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"\#(decimal(liquidation.price))","ccy":"","posSide":"\#(long ? "long" : "short")","side":"\#(long ? "sell" : "buy")","sz":"\#(decimal(liquidation.quantity / contractValue))","ts":"\#(now)"}],"instFamily":"\#(family)","instId":"\#(family)-SWAP","instType":"SWAP","uly":"\#(family)"}]}"#
        ]
    }

    /// A JSON string literal (quotes included) of client text, cut to 300 characters.
    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [String(text.prefix(300))])) ?? Data(#"[""]"#.utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
