#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Bybit v5 public spot (`wss://stream.bybit.com/v5/public/spot`) and linear
/// (`…/v5/public/linear`). One topic, `tickers.SYMBOL`, carries everything: on linear also
/// mark, index, funding and open interest. Linear sends a snapshot then deltas holding only
/// the keys that changed, so a quote carries only what its frame has and the hub merges.
/// The client pings (`op: ping`); the server cuts a connection idle for 10 minutes. Linear
/// streams liquidations per instrument (`allLiquidation.SYMBOL`): there is no market-wide topic.
public struct BybitStreamCodec: StreamCodec {
    public let linear: Bool

    public init(linear: Bool) { self.linear = linear }

    public var venue: StreamVenue { linear ? .bybitLinear : .bybitSpot }
    public var path: String { linear ? "/v5/public/linear" : "/v5/public/spot" }
    /// No documented topic cap; the 21,000 characters of args a connection allows fit 200.
    public var instrumentsPerConnection: Int { 200 }
    /// No documented message rate: this is the conservative one the other venues share.
    public var messagesPerSecond: Int { 10 }

    public func subscribe(_ instruments: [Instrument], id: Int) -> [String] {
        request("subscribe", instruments, id: id)
    }

    public func unsubscribe(_ instruments: [Instrument], id: Int) -> [String] {
        request("unsubscribe", instruments, id: id)
    }

    public var streamsLiquidations: Bool { linear }
    public var liquidationsPerInstrument: Bool { linear }

    public func subscribeLiquidations(_ instruments: [Instrument], id: Int) -> [String] {
        linear ? request("subscribe", topics: instruments.map { "allLiquidation.\($0.symbol)" }, id: id) : []
    }

    private func request(_ op: String, _ instruments: [Instrument], id: Int) -> [String] {
        request(op, topics: instruments.map { "tickers.\($0.symbol)" }, id: id)
    }

    /// Spot refuses more than 10 args a request; linear has no cap, 100 keeps requests short.
    private func request(_ op: String, topics: [String], id: Int) -> [String] {
        let size = linear ? 100 : 10
        return stride(from: 0, to: topics.count, by: size).enumerated().map { offset, start in
            let part = topics[start..<min(start + size, topics.count)].map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"req_id":"\#(id + offset)","op":"\#(op)","args":[\#(part)]}"#
        }
    }

    public func ping(id: Int, now: Int64) -> String { #"{"req_id":"\#(id)","op":"ping"}"# }

    struct Frame: Decodable {
        var topic: String?
        var ts: WireNumber?
        var data: Body?
        // Answers to our requests (`subscribe`, `ping`; a private-style `pong` too).
        var op: String?
        var success: Bool?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case topic, ts, data, op, success
            case message = "ret_msg"
        }
    }

    /// `data`: an object on `tickers.*`, an array on `allLiquidation.*`.
    struct Body: Decodable {
        var ticker: Payload?
        var liquidations: [LiquidationItem]?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([LiquidationItem].self) {
                liquidations = list
            } else {
                ticker = try container.decode(Payload.self)
            }
        }
    }

    struct LiquidationItem: Decodable {
        var T: WireNumber?
        var s: String?
        /// The side of the liquidated POSITION ("Buy" = a long), unlike Binance's and OKX's order side.
        var S: String?
        /// Base coins on linear.
        var v: WireNumber?
        /// The bankruptcy price.
        var p: WireNumber?
    }

    struct Payload: Decodable {
        var symbol: String?
        var lastPrice: WireNumber?
        var price24hPcnt: WireNumber?
        var highPrice24h: WireNumber?
        var lowPrice24h: WireNumber?
        var volume24h: WireNumber?
        var turnover24h: WireNumber?
        var markPrice: WireNumber?
        var indexPrice: WireNumber?
        // Dated futures send "" for both funding keys: WireNumber reads that as nil.
        var fundingRate: WireNumber?
        var nextFundingTime: WireNumber?
        var fundingIntervalHour: WireNumber?
        var openInterest: WireNumber?
    }

    public func decode(_ text: String) -> StreamMessage {
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)) else { return .ignored }
        if frame.topic == nil, frame.op != nil {
            if frame.success == false { return .refused(frame.message ?? "request refused") }
            return .control
        }
        if linear, let topic = frame.topic, topic.hasPrefix("allLiquidation.") {
            return liquidations(frame, topic: topic)
        }
        guard let topic = frame.topic, topic.hasPrefix("tickers."), let data = frame.data?.ticker else {
            return .ignored
        }
        let symbol = data.symbol ?? String(topic.dropFirst("tickers.".count))
        guard !symbol.isEmpty else { return .ignored }
        var quote = StreamQuote(market: linear ? .perp : .spot, symbol: symbol, time: frame.ts?.int64 ?? 0)
        quote.last = data.lastPrice?.value
        // A fraction; StreamQuote holds percent.
        quote.changePercent = data.price24hPcnt?.value.map { $0 * 100 }
        quote.high = data.highPrice24h?.value
        quote.low = data.lowPrice24h?.value
        quote.baseVolume = data.volume24h?.value
        quote.quoteVolume = data.turnover24h?.value
        quote.markPrice = data.markPrice?.value
        quote.indexPrice = data.indexPrice?.value
        quote.fundingRate = data.fundingRate?.value
        quote.nextFundingTime = data.nextFundingTime?.int64.flatMap { $0 > 0 ? $0 : nil }
        quote.fundingIntervalHours = data.fundingIntervalHour?.value.flatMap { $0 > 0 ? $0 : nil }
        // Base coins on linear (USD contracts only on inverse, which is not streamed).
        quote.openInterest = data.openInterest?.value
        quote.openInterestUnit = .coins
        return .finite([quote])
    }

    private func liquidations(_ frame: Frame, topic: String) -> StreamMessage {
        let fallback = String(topic.dropFirst("allLiquidation.".count))
        let items = (frame.data?.liquidations ?? []).compactMap { item -> StreamLiquidation? in
            let side: Liquidation.Side
            switch item.S {
            case "Buy": side = .long
            case "Sell": side = .short
            default: return nil
            }
            let symbol = item.s ?? fallback
            guard !symbol.isEmpty, let price = item.p?.value, price > 0, let quantity = item.v?.value, quantity > 0,
                let time = item.T?.int64 ?? frame.ts?.int64
            else { return nil }
            return StreamLiquidation(
                symbol: symbol, side: side, price: price, quantity: quantity, unit: .coins, time: time)
        }
        return items.isEmpty ? .ignored : .liquidations(items)
    }
}
