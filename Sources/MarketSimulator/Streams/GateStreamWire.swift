import Foundation

/// Gate v4 spot (`/ws/v4/`) and USDT futures (`/v4/ws/usdt`): `{"time":…,"channel":"spot.tickers",
/// "event":"subscribe","payload":["BTC_USDT"]}` with one answer a request (an unknown pair
/// refuses the whole request), the optional `spot.ping` / `futures.ping`, and `*.tickers`
/// updates with the REST ticker's values: spot's `result` one object, futures' an array of
/// one with sizes in contracts of `quanto_multiplier` as decimal strings (the codec sends
/// `X-Gate-Size-Decimal: 1`; the perpetual trades at its mark). Futures also have
/// `futures.public_liquidates`: payload `!all` for every contract, or contracts by name.
struct GateStreamWire: SimulatedStreamWire {
    let futures: Bool

    var path: String { futures ? "/v4/ws/usdt" : "/ws/v4/" }

    private var prefix: String { futures ? "futures" : "spot" }

    func read(_ text: String, now: Int64, universe: SimulatedUniverse, refuse: Bool) -> StreamRequest {
        let parsed = jsonObject(text)
        let channel = parsed?["channel"] as? String ?? ""
        let event = parsed?["event"] as? String ?? ""
        // Gate sends a request's `id` back.
        let id = (parsed?["id"] as? Int).map { #","id":\#($0)"# } ?? ""
        let head =
            #"{"time":\#(now / 1000),"time_ms":\#(now)\#(id),"channel":\#(Self.quoted(channel)),"event":\#(Self.quoted(event))"#
        func failure(_ code: Int, _ message: String) -> StreamRequest {
            StreamRequest(replies: [
                head + #","error":{"code":\#(code),"message":\#(Self.quoted(message))},"result":null}"#
            ])
        }
        guard let object = parsed else { return failure(1, "invalid request body format") }
        if channel == prefix + ".ping" {
            let pong = #"{"time":\#(now / 1000),"time_ms":\#(now)\#(id),"channel":"\#(prefix).pong","event":"""#
            return StreamRequest(replies: [pong + (futures ? #","result":null}"# : #","error":null,"result":null}"#)])
        }
        let liquidates = futures && channel == "futures.public_liquidates"
        guard channel == prefix + ".tickers" || liquidates else { return failure(2, "unknown channel \(channel)") }
        guard event == "subscribe" || event == "unsubscribe" else { return failure(2, "unknown event \(event)") }
        let payload = object["payload"] as? [Any] ?? []
        guard !payload.isEmpty else { return failure(2, "payload is empty") }
        var wanted: [StreamSubscription] = []
        for item in payload {
            let name = item as? String ?? String(describing: item)
            let unknown = failure(2, (futures ? "unknown contract " : "unknown currency pair ") + name)
            guard !(refuse && event == "subscribe") else { return unknown }
            if liquidates && name == "!all" {
                if !wanted.contains(.everyLiquidation) { wanted.append(.everyLiquidation) }
                continue
            }
            guard let base = base(of: name, perp: futures, in: universe, at: now), name == base + "_USDT" else {
                return unknown
            }
            let subscription = StreamSubscription(base: base, perp: futures, liquidations: liquidates)
            if !wanted.contains(subscription) { wanted.append(subscription) }
        }
        var request = StreamRequest()
        if event == "subscribe" { request.subscribe = wanted } else { request.unsubscribe = wanted }
        // Spot's acks carry `"error":null`, futures' leave it out.
        request.replies = [head + (futures ? "" : #","error":null"#) + #","result":{"status":"success"}}"#]
        return request
    }

    func frames(_ subscription: StreamSubscription, market: SimulatedMarket, now: Int64) -> [String] {
        guard !subscription.liquidations else { return [] }
        let head =
            #"{"time":\#(now / 1000),"time_ms":\#(now),"channel":"\#(prefix).tickers","event":"update","result":"#
        guard futures else {
            let change = GateWire.number(market.changePercent)
            let ticker =
                #"{"currency_pair":"\#(subscription.underscored)","last":"\#(GateWire.number(market.spot))","lowest_ask":"\#(GateWire.number(market.spot * 1.00005))","lowest_size":"1.5","highest_bid":"\#(GateWire.number(market.spot * 0.99995))","highest_size":"2.1","change_percentage":"\#(change)","change_utc0":"\#(change)","change_utc8":"\#(change)","base_volume":"\#(GateWire.number(market.volume))","quote_volume":"\#(GateWire.number(market.volume * market.spot))","high_24h":"\#(GateWire.number(market.high))","low_24h":"\#(GateWire.number(market.low))"}"#
            return [head + ticker + "}"]
        }
        // As the REST ticker: last = mark; change in percent; interest and volume_24h in contracts.
        let multiplier = GateWire.multiplier(market.base)
        func size(_ contracts: Double) -> String { GateWire.size(contracts, decimal: true) }
        let price = market.markPrice
        let base = GateWire.number(market.volume)
        let quote = GateWire.number(market.volume * price)
        let ticker =
            #"{"contract":"\#(subscription.underscored)","last":"\#(GateWire.number(price))","change_percentage":"\#(GateWire.number(market.changePercent))","total_size":\#(size(market.openInterest / multiplier)),"volume_24h":"\#(GateWire.number(market.volume / multiplier))","volume_24h_base":"\#(base)","volume_24h_quote":"\#(quote)","volume_24h_settle":"\#(quote)","volume_24h_btc":"0","volume_24h_usd":"\#(quote)","mark_price":"\#(GateWire.number(price))","funding_rate":"\#(GateWire.number(market.fundingRate))","funding_rate_indicative":"\#(GateWire.number(market.fundingRate))","index_price":"\#(GateWire.number(market.indexPrice))","quanto_base_rate":"","low_24h":"\#(GateWire.number(market.low))","high_24h":"\#(GateWire.number(market.high))","highest_bid":"\#(GateWire.number(price * 0.99995))","highest_size":\#(size(100)),"lowest_ask":"\#(GateWire.number(price * 1.00005))","lowest_size":\#(size(120))}"#
        return [head + "[" + ticker + "]}"]
    }

    /// `price` a JSON number; `size` signed contracts of `quanto_multiplier` as a decimal string,
    /// negative for the sell order that closes a long.
    func liquidationFrames(_ liquidation: SimulatedLiquidation, contractValue: Double, now: Int64) -> [String] {
        guard futures, contractValue > 0 else { return [] }
        let contracts = (liquidation.isLong ? -1 : 1) * liquidation.quantity / contractValue
        return [
            #"{"channel":"futures.public_liquidates","event":"update","time":\#(now / 1000),"time_ms":\#(now),"result":[{"price":\#(GateWire.number(liquidation.price)),"size":\#(GateWire.size(contracts, decimal: true)),"time_ms":\#(now),"contract":"\#(liquidation.base)_USDT"}]}"#
        ]
    }

    /// A JSON string literal (quotes included) of client text, cut to 100 characters.
    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [String(text.prefix(100))])) ?? Data(#"[""]"#.utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
