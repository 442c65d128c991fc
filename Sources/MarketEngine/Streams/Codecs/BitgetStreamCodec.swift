#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Bitget v2 public (`wss://ws.bitget.com/v2/ws/public`), spot and USDT futures on one
/// connection, told apart by `instType`. The futures `ticker` carries mark, index, funding and
/// open interest too, so one channel an instrument. The client sends the text `ping`; the
/// server disconnects after 2 minutes without one (30 s in an older revision).
public struct BitgetStreamCodec: StreamCodec {
    public init() {}

    public var venue: StreamVenue { .bitget }
    public var path: String { "/v2/ws/public" }
    /// Up to 1000 channels a connection are allowed, 50 recommended.
    public var instrumentsPerConnection: Int { 50 }
    /// 10 messages a second documented, pings included: kept under it.
    public var messagesPerSecond: Int { 8 }

    func instType(_ market: Market) -> String { market == .perp ? "USDT-FUTURES" : "SPOT" }

    public func subscribe(_ instruments: [Instrument], id: Int) -> [String] { request("subscribe", instruments) }

    public func unsubscribe(_ instruments: [Instrument], id: Int) -> [String] { request("unsubscribe", instruments) }

    /// 50 args a request: a connection may send 240 subscription requests an hour, and one an
    /// instrument would spend them in a few reconnects.
    private func request(_ op: String, _ instruments: [Instrument]) -> [String] {
        let args = instruments.map {
            #"{"instType":"\#(instType($0.market))","channel":"ticker","instId":"\#($0.symbol)"}"#
        }
        return stride(from: 0, to: args.count, by: 50).map { start in
            #"{"op":"\#(op)","args":[\#(args[start..<min(start + 50, args.count)].joined(separator: ","))]}"#
        }
    }

    public func ping(id: Int, now: Int64) -> String { "ping" }

    struct Frame: Decodable {
        var event: String?
        var code: WireCode?
        var msg: String?
        var arg: Arg?
        var data: [Payload]?
        var ts: WireNumber?
    }

    struct Arg: Decodable {
        var instType: String?
        var channel: String?
        var instId: String?
    }

    struct Payload: Decodable {
        var instId: String?
        var lastPr: WireNumber?
        var change24h: WireNumber?
        var high24h: WireNumber?
        var low24h: WireNumber?
        var baseVolume: WireNumber?
        var quoteVolume: WireNumber?
        var markPrice: WireNumber?
        var indexPrice: WireNumber?
        var fundingRate: WireNumber?
        var nextFundingTime: WireNumber?
        var holdingAmount: WireNumber?
        var ts: WireNumber?
    }

    public func decode(_ text: String) -> StreamMessage {
        if text == "pong" { return .control }
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)) else { return .ignored }
        switch frame.event {
        case "subscribe", "unsubscribe": return .control
        case "error": return .refused(frame.msg ?? "error \(frame.code?.value ?? "?")")
        case nil: break
        default: return .ignored
        }
        guard let arg = frame.arg, arg.channel == "ticker", let data = frame.data else { return .ignored }
        let market: Market
        switch arg.instType?.uppercased() {
        case "SPOT": market = .spot
        case "USDT-FUTURES": market = .perp
        default: return .ignored
        }
        let quotes = data.compactMap { item -> StreamQuote? in
            guard let symbol = item.instId ?? arg.instId, !symbol.isEmpty else { return nil }
            var quote = StreamQuote(market: market, symbol: symbol, time: item.ts?.int64 ?? frame.ts?.int64 ?? 0)
            quote.last = item.lastPr?.value
            // A fraction; StreamQuote holds percent.
            quote.changePercent = item.change24h?.value.map { $0 * 100 }
            quote.high = item.high24h?.value
            quote.low = item.low24h?.value
            quote.baseVolume = item.baseVolume?.value
            quote.quoteVolume = item.quoteVolume?.value
            if market == .perp {
                quote.markPrice = item.markPrice?.value
                quote.indexPrice = item.indexPrice?.value
                quote.fundingRate = item.fundingRate?.value
                quote.nextFundingTime = item.nextFundingTime?.int64.flatMap { $0 > 0 ? $0 : nil }
                // Base coins, not contracts.
                quote.openInterest = item.holdingAmount?.value
                quote.openInterestUnit = .coins
            }
            return quote
        }
        return quotes.isEmpty ? .ignored : .finite(quotes)
    }
}
