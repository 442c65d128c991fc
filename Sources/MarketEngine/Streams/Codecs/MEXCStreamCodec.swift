#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// MEXC futures (`wss://contract.mexc.com/edge`), JSON with `"gzip":false` (otherwise the
/// pushes are compressed binary). `push.ticker` carries last, mark, funding and open interest
/// in contracts; `push.funding.rate` adds the next settlement time. One request a channel and
/// symbol. The client pings (`{"method":"ping"}`); a minute without one closes the connection.
public struct MEXCStreamCodec: StreamCodec {
    public init() {}

    public var venue: StreamVenue { .mexcFutures }
    public var path: String { "/edge" }
    /// No documented cap or message rate: 200 requests to fill a connection, 20 s at this rate.
    public var instrumentsPerConnection: Int { 100 }
    public var messagesPerSecond: Int { 10 }

    public func subscribe(_ instruments: [Instrument], id: Int) -> [String] { request("sub", instruments) }

    public func unsubscribe(_ instruments: [Instrument], id: Int) -> [String] { request("unsub", instruments) }

    private func request(_ verb: String, _ instruments: [Instrument]) -> [String] {
        instruments.filter { $0.market == .perp }.flatMap { instrument in
            ["ticker", "funding.rate"].map {
                #"{"method":"\#(verb).\#($0)","param":{"symbol":"\#(instrument.symbol)"},"gzip":false}"#
            }
        }
    }

    public func ping(id: Int, now: Int64) -> String { #"{"method":"ping"}"# }

    struct Frame: Decodable {
        var channel: String?
        var symbol: String?
        var data: Body?
        var ts: WireNumber?
    }

    /// `data` is an object on pushes, a number on `pong`, a string on `rs.*` replies.
    enum Body: Decodable {
        case payload(Payload)
        case text(String)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let payload = try? container.decode(Payload.self) {
                self = .payload(payload)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .other
            }
        }
    }

    /// JSON numbers throughout.
    struct Payload: Decodable {
        var symbol: String?
        var lastPrice: WireNumber?
        var riseFallRate: WireNumber?
        var high24Price: WireNumber?
        var lower24Price: WireNumber?
        var amount24: WireNumber?
        var fairPrice: WireNumber?
        var indexPrice: WireNumber?
        var fundingRate: WireNumber?
        var holdVol: WireNumber?
        var timestamp: WireNumber?
        var rate: WireNumber?
        var nextSettleTime: WireNumber?
    }

    public func decode(_ text: String) -> StreamMessage {
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)),
            let channel = frame.channel
        else { return .ignored }
        if channel == "rs.error" {
            if case .text(let message) = frame.data { return .refused(message) }
            return .refused("request refused")
        }
        // Acks (`rs.sub.ticker`), not documented, as other clients report them.
        if channel == "pong" || channel.hasPrefix("rs.") { return .control }
        guard case .payload(let data) = frame.data, let symbol = data.symbol ?? frame.symbol, !symbol.isEmpty
        else { return .ignored }
        var quote = StreamQuote(market: .perp, symbol: symbol, time: data.timestamp?.int64 ?? frame.ts?.int64 ?? 0)
        switch channel {
        case "push.ticker":
            let last = data.lastPrice?.value
            quote.last = last
            // A fraction; StreamQuote holds percent.
            quote.changePercent = data.riseFallRate?.value.map { $0 * 100 }
            quote.high = data.high24Price?.value
            quote.low = data.lower24Price?.value
            quote.quoteVolume = data.amount24?.value
            // `volume24` is contracts: the base volume is worked out from the quote volume.
            if let amount = data.amount24?.value, let last, amount > 0, last > 0 { quote.baseVolume = amount / last }
            quote.markPrice = data.fairPrice?.value
            quote.indexPrice = data.indexPrice?.value
            quote.fundingRate = data.fundingRate?.value
            quote.openInterest = data.holdVol?.value
            quote.openInterestUnit = .contracts
        case "push.funding.rate":
            // `rate` on the wire; the doc's table says `fundingRate`.
            quote.fundingRate = data.rate?.value ?? data.fundingRate?.value
            quote.nextFundingTime = data.nextSettleTime?.int64.flatMap { $0 > 0 ? $0 : nil }
        default:
            return .ignored
        }
        return .finite([quote])
    }
}
