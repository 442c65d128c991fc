import MarketEngine
import TelegramBotAPI

/// `/oi SYMBOL`: open interest of the USDT perpetual on Binance, Bybit and OKX, in coin and
/// USD, each venue's share, the total, and the change over 1 h, 4 h and 24 h.
public struct OpenInterestCommand: CommandHandler {
    public let descriptor = CommandCatalog.openInterest
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    struct Venue {
        var instrument: Instrument
        var now: OpenInterest
        var history: [OpenInterest]
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        guard let symbol = CommandArguments(invocation.arguments).rest.first else {
            return Reply(html: "Usage: \(HTML.escape(descriptor.usage))")
        }
        let results = await withTaskGroup(of: (Exchange, Result<Venue, any Error>).self) { group in
            for exchange in Exchange.allCases {
                group.addTask { (exchange, await Result { try await venue(symbol, exchange) }) }
            }
            var results: [Exchange: Result<Venue, any Error>] = [:]
            for await (exchange, result) in group { results[exchange] = result }
            return results
        }
        let venues = Exchange.allCases.compactMap { try? results[$0]?.get() }
        guard let first = venues.first else {
            if case .failure(let error) = results[.binance] { return Reply(html: failureLine(error)) }
            return Reply(html: "No open interest for \(HTML.escape(symbol)).")
        }
        let base = HTML.escape(first.instrument.base)
        let totalUSD = venues.reduce(0) { $0 + $1.now.usd }
        let totalBase = venues.reduce(0) { $0 + $1.now.base }
        var lines = ["<b>\(HTML.escape(first.instrument.pair)) open interest</b> (USDT perpetuals)"]
        for exchange in Exchange.allCases {
            switch results[exchange] {
            case .success(let venue):
                let share = totalUSD > 0 ? venue.now.usd / totalUSD * 100 : 0
                lines.append(
                    "\(exchange.displayName) \(NumberFormat.price(venue.now.base)) \(base) · \(NumberFormat.compactUSD(venue.now.usd)) · \(NumberFormat.fixed(share, 1))%\(changes(venue.history, now: venue.now))"
                )
            case .failure(let error):
                lines.append("\(exchange.displayName): \(failureLine(error))")
            case nil:
                break
            }
        }
        let combined = combinedHistory(venues)
        lines.append(
            "<b>Total</b> \(NumberFormat.price(totalBase)) \(base) · \(NumberFormat.compactUSD(totalUSD))\(changes(combined, now: OpenInterest(time: 0, base: totalBase, usd: totalUSD)))"
        )
        lines.append(
            "<i>changes in coin terms over 1h / 4h / 24h; data at \(NumberFormat.timeOfDay(milliseconds: venues.map(\.now.time).max() ?? 0))</i>"
        )
        return Reply(html: lines.joined(separator: "\n"))
    }

    private func venue(_ symbol: String, _ exchange: Exchange) async throws -> Venue {
        let instrument = try await engine.resolve(symbol, on: exchange, market: .perp)
        async let now = engine.openInterest(instrument)
        async let history = engine.openInterestHistory(instrument, period: .h1, limit: 25)
        return Venue(instrument: instrument, now: try await now, history: (try? await history) ?? [])
    }

    /// ` · 1h +0.5% · 4h −1.2% · 24h +3.0%` from hourly points (oldest first).
    private func changes(_ history: [OpenInterest], now: OpenInterest) -> String {
        let parts: [String] = [1, 4, 24].compactMap { hours in
            guard history.count > hours else { return nil }
            let then = history[history.count - 1 - hours].base
            return Statistics.percentChange(from: then, to: now.base).map { "\(hours)h \(NumberFormat.percent($0))" }
        }
        return parts.isEmpty ? "" : " · " + parts.joined(separator: " · ")
    }

    /// The venues' hourly points summed where all have a point for the same hour.
    private func combinedHistory(_ venues: [Venue]) -> [OpenInterest] {
        let length = venues.map(\.history.count).min() ?? 0
        guard length > 0 else { return [] }
        return (0..<length).map { index in
            let points = venues.map { $0.history[$0.history.count - length + index] }
            return OpenInterest(time: points[0].time, base: points.reduce(0) { $0 + $1.base }, usd: 0)
        }
    }
}
