#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Binance spot (`wss://stream.binance.com:9443/stream`) and USDⓈ-M futures
/// (`wss://fstream.binance.com/market/stream`: since 2026-04 ticker, mark-price and
/// liquidation streams are routed under `/market`). Combined streams, so every frame
/// names its stream; `SUBSCRIBE` with lower-case stream names. The server pings; our probe
/// is `LIST_SUBSCRIPTIONS`. Open interest is not streamed (REST keeps it). Futures stream the
/// whole market's liquidations on `!forceOrder@arr`.
public struct BinanceStreamCodec: StreamCodec {
    public let futures: Bool

    public init(futures: Bool) { self.futures = futures }

    public var venue: StreamVenue { futures ? .binanceFutures : .binanceSpot }
    public var path: String { futures ? "/market/stream" : "/stream" }
    /// 1024 streams a connection (futures documented at 200 in older pages): two streams an
    /// instrument on futures, one on spot.
    public var instrumentsPerConnection: Int { futures ? 100 : 400 }
    public var messagesPerSecond: Int { futures ? 8 : 4 }

    func streams(_ instrument: Instrument) -> [String] {
        let name = instrument.symbol.lowercased()
        return futures ? ["\(name)@ticker", "\(name)@markPrice@1s"] : ["\(name)@ticker"]
    }

    public func subscribe(_ instruments: [Instrument], id: Int) -> [String] {
        request("SUBSCRIBE", instruments, id: id)
    }

    public func unsubscribe(_ instruments: [Instrument], id: Int) -> [String] {
        request("UNSUBSCRIBE", instruments, id: id)
    }

    /// 100 streams a request: a few requests per connection, under the message rate.
    private func request(_ method: String, _ instruments: [Instrument], id: Int) -> [String] {
        let names = instruments.flatMap(streams)
        return stride(from: 0, to: names.count, by: 100).enumerated().map { offset, start in
            let part = names[start..<min(start + 100, names.count)].map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"method":"\#(method)","params":[\#(part)],"id":\#(id + offset)}"#
        }
    }

    public func ping(id: Int, now: Int64) -> String { #"{"method":"LIST_SUBSCRIPTIONS","id":\#(id)}"# }

    public var streamsLiquidations: Bool { futures }

    /// One market-wide stream: at most one liquidation a symbol a second, every symbol.
    public func subscribeLiquidations(_ instruments: [Instrument], id: Int) -> [String] {
        futures ? [#"{"method":"SUBSCRIBE","params":["!forceOrder@arr"],"id":\#(id)}"#] : []
    }

    struct Frame: Decodable {
        var stream: String?
        var data: Payload?
        var id: WireNumber?
        var error: Failure?
        // `result` is null for an ack and an array for LIST_SUBSCRIPTIONS: only its key matters.
    }

    struct Failure: Decodable {
        var code: Int?
        var msg: String?
    }

    struct Payload: Decodable {
        var e: String?
        var E: Int64?
        var s: String?
        var c: WireNumber?
        var P: WireNumber?
        var h: WireNumber?
        var l: WireNumber?
        var v: WireNumber?
        var q: WireNumber?
        var p: WireNumber?
        var i: WireNumber?
        var r: WireNumber?
        var T: Int64?
    }

    /// A `forceOrder` event. Read on its own: its `o` is an object where the ticker's `o`
    /// (the open price) is a string, so one payload type cannot read both.
    struct ForceOrderFrame: Decodable {
        var data: ForceOrderEvent?
    }

    struct ForceOrderEvent: Decodable {
        var e: String?
        var E: Int64?
        var o: ForceOrder?
    }

    struct ForceOrder: Decodable {
        var s: String?
        /// The side of the liquidation ORDER: a SELL closes a long.
        var S: String?
        var q: WireNumber?
        var p: WireNumber?
        var ap: WireNumber?
        var z: WireNumber?
        var T: Int64?
    }

    public func decode(_ text: String) -> StreamMessage {
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)) else { return .ignored }
        if let error = frame.error { return .refused(error.msg ?? "error \(error.code ?? 0)") }
        guard let data = frame.data else {
            if frame.id != nil { return .control }
            // A raw (`/ws`) forceOrder frame, unwrapped: read it the same way.
            guard let event = try? JSONDecoder().decode(ForceOrderEvent.self, from: Data(text.utf8)),
                event.e == "forceOrder"
            else { return .ignored }
            return liquidation(event)
        }
        let market: Market = futures ? .perp : .spot
        switch data.e {
        case "24hrTicker":
            guard let symbol = data.s else { return .ignored }
            var quote = StreamQuote(market: market, symbol: symbol, time: data.E ?? 0)
            quote.last = data.c?.value
            quote.changePercent = data.P?.value
            quote.high = data.h?.value
            quote.low = data.l?.value
            quote.baseVolume = data.v?.value
            quote.quoteVolume = data.q?.value
            return .finite([quote])
        case "markPriceUpdate":
            guard let symbol = data.s else { return .ignored }
            var quote = StreamQuote(market: .perp, symbol: symbol, time: data.E ?? 0)
            quote.markPrice = data.p?.value
            quote.indexPrice = data.i?.value
            quote.fundingRate = data.r?.value
            quote.nextFundingTime = data.T
            return .finite([quote])
        case "forceOrder":
            guard futures,
                let wrapped = try? JSONDecoder().decode(ForceOrderFrame.self, from: Data(text.utf8)),
                let event = wrapped.data
            else { return .ignored }
            return liquidation(event)
        case "serverShutdown":
            return .closing("the exchange announced a shutdown")
        default:
            return .ignored
        }
    }

    /// The filled average price and filled quantity, else the order's (a frame sent before the
    /// fill has `ap` and `z` at 0). Quantities are base coins: one UM contract is one coin.
    private func liquidation(_ event: ForceOrderEvent) -> StreamMessage {
        guard futures, let order = event.o, let symbol = order.s, !symbol.isEmpty else { return .ignored }
        let side: Liquidation.Side
        switch order.S {
        case "SELL": side = .long
        case "BUY": side = .short
        default: return .ignored
        }
        let average = order.ap?.value ?? 0
        let filled = order.z?.value ?? 0
        guard let price = average > 0 ? average : order.p?.value, price > 0,
            let quantity = filled > 0 ? filled : order.q?.value, quantity > 0,
            let time = order.T ?? event.E
        else { return .ignored }
        return .liquidations([
            StreamLiquidation(symbol: symbol, side: side, price: price, quantity: quantity, unit: .coins, time: time)
        ])
    }
}
