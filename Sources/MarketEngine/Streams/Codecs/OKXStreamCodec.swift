#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// OKX v5 public (`wss://ws.okx.com:8443/ws/v5/public`), spot and swaps on one connection.
/// `tickers` has no mark price or funding, so a swap takes four channels: tickers,
/// mark-price, funding-rate and open-interest, each its own frame. No server ping: the
/// client sends the text `ping` and a connection quiet for 30 s is closed. Liquidations come
/// market-wide, every swap on one `liquidation-orders` channel.
public struct OKXStreamCodec: StreamCodec {
    public init() {}

    public var venue: StreamVenue { .okx }
    public var path: String { "/ws/v5/public" }
    /// The channel cap is undocumented (close codes 4008/4009): 100 instruments, 400 channels.
    public var instrumentsPerConnection: Int { 100 }
    /// 480 subscribe requests an hour a connection: batching keeps a connection at a few.
    public var messagesPerSecond: Int { 5 }

    func channels(_ instrument: Instrument) -> [String] {
        instrument.market == .perp ? ["tickers", "mark-price", "funding-rate", "open-interest"] : ["tickers"]
    }

    public func subscribe(_ instruments: [Instrument], id: Int) -> [String] { request("subscribe", instruments) }

    public func unsubscribe(_ instruments: [Instrument], id: Int) -> [String] { request("unsubscribe", instruments) }

    /// 100 args a request, far under the 64 KB a request may carry. No `id`: the public
    /// channels' documented requests have none, and the acks echo the arg instead.
    private func request(_ op: String, _ instruments: [Instrument]) -> [String] {
        let args = instruments.flatMap { instrument in
            channels(instrument).map { #"{"channel":"\#($0)","instId":"\#(instrument.symbol)"}"# }
        }
        return stride(from: 0, to: args.count, by: 100).map { start in
            #"{"op":"\#(op)","args":[\#(args[start..<min(start + 100, args.count)].joined(separator: ","))]}"#
        }
    }

    public func ping(id: Int, now: Int64) -> String { "ping" }

    public var streamsLiquidations: Bool { true }

    /// By instrument type: every swap's liquidations (at most one a contract a second).
    public func subscribeLiquidations(_ instruments: [Instrument], id: Int) -> [String] {
        [#"{"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"}]}"#]
    }

    struct Frame: Decodable {
        var event: String?
        var code: WireCode?
        var msg: String?
        var arg: Arg?
        var data: [Payload]?
    }

    struct Arg: Decodable {
        var channel: String?
        var instId: String?
    }

    struct Payload: Decodable {
        var instId: String?
        var last: WireNumber?
        var open24h: WireNumber?
        var high24h: WireNumber?
        var low24h: WireNumber?
        var vol24h: WireNumber?
        var volCcy24h: WireNumber?
        var markPx: WireNumber?
        var fundingRate: WireNumber?
        var fundingTime: WireNumber?
        var oiCcy: WireNumber?
        var ts: WireNumber?
        /// `liquidation-orders`: the instrument's liquidations.
        var details: [Detail]?
    }

    struct Detail: Decodable {
        /// The liquidated position: `long`, `short`, or `net` (one-way mode).
        var posSide: String?
        /// The liquidation order's side: a sell closes a long.
        var side: String?
        /// Contracts on swaps.
        var sz: WireNumber?
        /// The bankruptcy price.
        var bkPx: WireNumber?
        var ts: WireNumber?
    }

    public func decode(_ text: String) -> StreamMessage {
        if text == "pong" { return .control }
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)) else { return .ignored }
        switch frame.event {
        case "subscribe", "unsubscribe": return .control
        case "error": return .refused(frame.msg ?? "error \(frame.code?.value ?? "?")")
        // 30 s before a service upgrade closes the connection.
        case "notice" where frame.code?.value == "64008": return .closing(frame.msg ?? "service upgrade")
        case nil: break
        default: return .ignored
        }
        guard let channel = frame.arg?.channel, let data = frame.data else { return .ignored }
        if channel == "liquidation-orders" { return liquidations(data) }
        let quotes = data.compactMap { item -> StreamQuote? in
            guard let symbol = item.instId ?? frame.arg?.instId, !symbol.isEmpty else { return nil }
            let market: Market = symbol.hasSuffix("-SWAP") ? .perp : .spot
            var quote = StreamQuote(market: market, symbol: symbol, time: item.ts?.int64 ?? 0)
            switch channel {
            case "tickers":
                let last = item.last?.value
                quote.last = last
                // No change field: the change is worked out from the price 24 hours ago.
                if let last, let open = item.open24h?.value, open > 0 { quote.changePercent = (last / open - 1) * 100 }
                quote.high = item.high24h?.value
                quote.low = item.low24h?.value
                if market == .perp {
                    // On swaps `vol24h` is contracts and `volCcy24h` base coins; no quote volume is sent.
                    quote.baseVolume = item.volCcy24h?.value
                    if let base = item.volCcy24h?.value, let last { quote.quoteVolume = base * last }
                } else {
                    quote.baseVolume = item.vol24h?.value
                    quote.quoteVolume = item.volCcy24h?.value
                }
            case "mark-price":
                quote.markPrice = item.markPx?.value
            case "funding-rate":
                quote.fundingRate = item.fundingRate?.value
                // `fundingTime` is the settlement ahead; `nextFundingTime` the one after it.
                quote.nextFundingTime = item.fundingTime?.int64.flatMap { $0 > 0 ? $0 : nil }
            case "open-interest":
                // `oi` is contracts; `oiCcy` is already coins.
                quote.openInterest = item.oiCcy?.value
                quote.openInterestUnit = .coins
            default:
                return nil
            }
            return quote
        }
        return quotes.isEmpty ? .ignored : .finite(quotes)
    }

    private func liquidations(_ data: [Payload]) -> StreamMessage {
        let items = data.flatMap { item -> [StreamLiquidation] in
            guard let symbol = item.instId, !symbol.isEmpty else { return [] }
            return (item.details ?? []).compactMap { detail in
                let side: Liquidation.Side
                switch (detail.posSide, detail.side) {
                case ("long", _): side = .long
                case ("short", _): side = .short
                // One-way mode names no position: the closing order's side says which it was.
                case (_, "sell"): side = .long
                case (_, "buy"): side = .short
                default: return nil
                }
                guard let price = detail.bkPx?.value, price > 0, let size = detail.sz?.value, size > 0,
                    let time = detail.ts?.int64
                else { return nil }
                return StreamLiquidation(
                    symbol: symbol, side: side, price: price, quantity: size, unit: .contracts, time: time)
            }
        }
        return items.isEmpty ? .ignored : .liquidations(items)
    }
}
