#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Gate v4 spot (`wss://api.gateio.ws/ws/v4/`) and USDT futures
/// (`wss://fx-ws.gateio.ws/v4/ws/usdt`). One tickers channel a market; on futures it carries
/// mark, index, funding (no next time: REST keeps it) and open interest in contracts. The
/// server sends WS pings; our probe is the optional `spot.ping` / `futures.ping`. Futures
/// stream every contract's liquidations on `futures.public_liquidates` with payload `!all`.
public struct GateStreamCodec: StreamCodec {
    public let futures: Bool

    public init(futures: Bool) { self.futures = futures }

    public var venue: StreamVenue { futures ? .gateFutures : .gateSpot }
    public var path: String { futures ? "/v4/ws/usdt" : "/ws/v4/" }
    /// Sizes as decimal strings: without it futures sizes arrive as rounded-down integers.
    public var headers: [(String, String)] { futures ? [("X-Gate-Size-Decimal", "1")] : [] }
    /// No documented per-connection cap or message rate.
    public var instrumentsPerConnection: Int { 200 }
    public var messagesPerSecond: Int { 10 }

    private var prefix: String { futures ? "futures" : "spot" }

    public func subscribe(_ instruments: [Instrument], id: Int) -> [String] {
        request("subscribe", instruments, id: id)
    }

    public func unsubscribe(_ instruments: [Instrument], id: Int) -> [String] {
        request("unsubscribe", instruments, id: id)
    }

    /// `time` must be within 60 s of the server's clock, so it is read when the request is made.
    private func request(_ event: String, _ instruments: [Instrument], id: Int) -> [String] {
        let symbols = instruments.map { "\"\($0.symbol)\"" }
        let time = Int64(Date().timeIntervalSince1970)
        let head = #"{"time":\#(time),"channel":"\#(prefix).tickers","event":"\#(event)""#
        return stride(from: 0, to: symbols.count, by: 100).enumerated().map { offset, start in
            let part = symbols[start..<min(start + 100, symbols.count)].joined(separator: ",")
            return head + #","id":\#(id + offset),"payload":[\#(part)]}"#
        }
    }

    public var streamsLiquidations: Bool { futures }

    public func subscribeLiquidations(_ instruments: [Instrument], id: Int) -> [String] {
        guard futures else { return [] }
        // Like a tickers request, `time` is read when the request is made.
        let time = Int64(Date().timeIntervalSince1970)
        return [#"{"time":\#(time),"channel":"futures.public_liquidates","event":"subscribe","payload":["!all"]}"#]
    }

    public func ping(id: Int, now: Int64) -> String { #"{"time":\#(now / 1000),"channel":"\#(prefix).ping"}"# }

    struct Frame: Decodable {
        var time: WireNumber?
        var timeMs: WireNumber?
        var channel: String?
        var event: String?
        var error: Failure?
        var result: Tickers?
        // The upgrade notice has neither channel nor event.
        var type: String?
        var msg: String?

        enum CodingKeys: String, CodingKey {
            case time, channel, event, error, result, type, msg
            case timeMs = "time_ms"
        }
    }

    struct Failure: Decodable {
        var message: String?
    }

    /// `result`: one object on spot, an array on futures, and `[[…]]` from old servers; an
    /// ack's `{"status":…}` reads as an empty ticker. Never fails, so the frame still decodes.
    struct Tickers: Decodable {
        var items: [Ticker]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Ticker].self) {
                items = list
            } else if let one = try? container.decode(Ticker.self) {
                items = [one]
            } else {
                items = (try? container.decode([[Ticker]].self))?.flatMap { $0 } ?? []
            }
        }
    }

    struct Ticker: Decodable {
        var currencyPair: String?
        var contract: String?
        var last: WireNumber?
        var changePercentage: WireNumber?
        var high24h: WireNumber?
        var low24h: WireNumber?
        var baseVolume: WireNumber?
        var quoteVolume: WireNumber?
        var volume24hBase: WireNumber?
        var volume24hQuote: WireNumber?
        var markPrice: WireNumber?
        var indexPrice: WireNumber?
        var fundingRate: WireNumber?
        var totalSize: WireNumber?

        enum CodingKeys: String, CodingKey {
            case contract, last
            case currencyPair = "currency_pair"
            case changePercentage = "change_percentage"
            case high24h = "high_24h"
            case low24h = "low_24h"
            case baseVolume = "base_volume"
            case quoteVolume = "quote_volume"
            case volume24hBase = "volume_24h_base"
            case volume24hQuote = "volume_24h_quote"
            case markPrice = "mark_price"
            case indexPrice = "index_price"
            case fundingRate = "funding_rate"
            case totalSize = "total_size"
        }
    }

    /// A `futures.public_liquidates` update, read on its own: its items share no field with a
    /// ticker's.
    struct LiquidatesFrame: Decodable {
        var timeMs: WireNumber?
        var result: [Liquidate]

        enum CodingKeys: String, CodingKey {
            case result
            case timeMs = "time_ms"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            timeMs = try container.decodeIfPresent(WireNumber.self, forKey: .timeMs)
            // An array; one object accepted as the tickers' `result` is.
            if let list = try? container.decode([Liquidate].self, forKey: .result) {
                result = list
            } else {
                result = [try container.decode(Liquidate.self, forKey: .result)]
            }
        }
    }

    struct Liquidate: Decodable {
        var contract: String?
        /// A JSON number.
        var price: WireNumber?
        /// Signed contracts: negative is a sell order, so a long liquidated.
        var size: WireNumber?
        var timeMs: WireNumber?

        enum CodingKeys: String, CodingKey {
            case contract, price, size
            case timeMs = "time_ms"
        }
    }

    public func decode(_ text: String) -> StreamMessage {
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)) else { return .ignored }
        if frame.type == "upgrade" { return .closing(frame.msg ?? "service upgrade") }
        if frame.channel == "\(prefix).pong" { return .control }
        switch frame.event {
        case "subscribe", "unsubscribe":
            if let error = frame.error { return .refused(error.message ?? "subscription refused") }
            return .control
        case "update" where frame.channel == "\(prefix).tickers":
            break
        case "update" where futures && frame.channel == "futures.public_liquidates":
            return liquidations(text)
        default:
            return .ignored
        }
        // `time_ms` is 0 in some acks; seconds are the fallback.
        let seconds = frame.time?.value.flatMap { Int64(exactly: ($0 * 1000).rounded(.towardZero)) }
        let time = frame.timeMs?.int64.flatMap { $0 > 0 ? $0 : nil } ?? seconds ?? 0
        let quotes = (frame.result?.items ?? []).compactMap { item -> StreamQuote? in
            guard let symbol = futures ? item.contract : item.currencyPair, !symbol.isEmpty else { return nil }
            var quote = StreamQuote(market: futures ? .perp : .spot, symbol: symbol, time: time)
            quote.last = item.last?.value
            // Already percent.
            quote.changePercent = item.changePercentage?.value
            quote.high = item.high24h?.value
            quote.low = item.low24h?.value
            if futures {
                quote.baseVolume = item.volume24hBase?.value
                quote.quoteVolume = item.volume24hQuote?.value
                quote.markPrice = item.markPrice?.value
                quote.indexPrice = item.indexPrice?.value
                quote.fundingRate = item.fundingRate?.value
                // Contracts: the instrument's contract value (quanto multiplier) makes them coins.
                quote.openInterest = item.totalSize?.value
                quote.openInterestUnit = .contracts
            } else {
                quote.baseVolume = item.baseVolume?.value
                quote.quoteVolume = item.quoteVolume?.value
            }
            return quote
        }
        return quotes.isEmpty ? .ignored : .finite(quotes)
    }

    private func liquidations(_ text: String) -> StreamMessage {
        guard let frame = try? JSONDecoder().decode(LiquidatesFrame.self, from: Data(text.utf8)) else {
            return .ignored
        }
        let items = frame.result.compactMap { item -> StreamLiquidation? in
            guard let symbol = item.contract, !symbol.isEmpty, let price = item.price?.value, price > 0,
                let size = item.size?.value, size != 0,
                let time = [item.timeMs, frame.timeMs].lazy.compactMap({ $0?.int64 }).first(where: { $0 > 0 })
            else { return nil }
            return StreamLiquidation(
                symbol: symbol, side: size < 0 ? .long : .short, price: price, quantity: abs(size), unit: .contracts,
                time: time)
        }
        return items.isEmpty ? .ignored : .liquidations(items)
    }
}
