import MarketEngine

/// One exchange's readings of many coins at once, read with its bulk answers (all spot
/// tickers, all perpetual readings) and, for open interest, one history per coin: what every
/// table of coins is cut from, so that a thousand watchlists or digests due at one minute
/// cost the requests of the coins they name together, once.
public struct MarketSnapshot: Sendable {
    public var exchange: Exchange
    /// Spot USDT tickers by base.
    var tickers: [String: Ticker] = [:]
    /// Funding in percent per interval, by base.
    var funding: [String: Double] = [:]
    /// Open interest's change over 24 h in percent, by base (only when asked for).
    var openInterestChange: [String: Double] = [:]
    /// When it was read, milliseconds since 1970.
    public var at: Int64

    /// Reads what `bases` need on `exchange`: never throws — a part that fails is missing
    /// from the rows (the table still shows the rest).
    public static func read(
        _ bases: Set<String>, on exchange: Exchange, engine: MarketEngine, openInterest: Bool = false
    ) async -> MarketSnapshot {
        var snapshot = MarketSnapshot(exchange: exchange, at: engine.clock.wallMilliseconds)
        guard !bases.isEmpty else { return snapshot }
        if let tickers = try? await engine.tickers(exchange, .spot) {
            for ticker in tickers
            where ticker.instrument.quote == "USDT" && bases.contains(ticker.instrument.base) && ticker.last > 0 {
                snapshot.tickers[ticker.instrument.base] = ticker
            }
        }
        let perpetuals = (try? await engine.instruments(exchange, .perp)) ?? []
        let wanted = perpetuals.filter { $0.quote == "USDT" && bases.contains($0.base) }
        let bulk = (try? await engine.perpReadings(exchange)) ?? [:]
        for instrument in wanted {
            if let rate = engine.streams?.quote(instrument)?.fundingRate ?? bulk[instrument.symbol]?.fundingRate {
                snapshot.funding[instrument.base] = rate * 100
            } else if let ticker = try? await engine.perpTicker(instrument) {
                snapshot.funding[instrument.base] = ticker.fundingRate * 100
            }
        }
        if openInterest && engine.hasOpenInterestHistory(exchange) {
            await withTaskGroup(of: (String, Double?).self) { group in
                for instrument in wanted {
                    group.addTask {
                        // Hourly points over a day: the first and the last give the change.
                        let history = (try? await engine.openInterestHistory(instrument, period: .h1, limit: 25)) ?? []
                        guard let first = history.first?.base, let last = history.last?.base, first > 0 else {
                            return (instrument.base, nil)
                        }
                        return (instrument.base, (last / first - 1) * 100)
                    }
                }
                for await (base, change) in group {
                    if let change { snapshot.openInterestChange[base] = change }
                }
            }
        }
        return snapshot
    }

    /// The rows of `bases`, in their order.
    public func rows(_ bases: [String]) -> [MarketRow] {
        bases.map { base in
            MarketRow(
                base: base, price: tickers[base]?.last, changePercent: tickers[base]?.changePercent,
                fundingPercent: funding[base], openInterestChangePercent: openInterestChange[base])
        }
    }

    /// The `count` USDT pairs with the most 24 h volume (the digest of a chat that watches
    /// nothing).
    public static func topBases(on exchange: Exchange, engine: MarketEngine, count: Int = 10) async -> [String] {
        ((try? await engine.top(.volume, on: exchange, market: .spot, count: count)) ?? []).map(\.instrument.base)
    }
}
