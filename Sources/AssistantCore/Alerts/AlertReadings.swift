import MarketEngine

/// The values alerts watch, read through the engine's coalescing cache from each exchange's
/// bulk answers, so that a pass costs requests per exchange watched, not per alert, chat or
/// symbol: the spot price from the all-tickers call, funding and open interest from
/// `MarketEngine.perpReadings` (all perpetual tickers, all open interest). Only what an
/// exchange has no bulk answer for is read per symbol (Binance's open interest, OKX's
/// funding), within its request budget; open interest is summed over the exchanges that
/// list the perpetual.
public struct AlertReadings: Sendable {
    public let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    /// What an alert reads: the same key for every alert that needs the same value.
    public enum Key: Hashable, Sendable {
        case spot(Exchange, base: String)
        case funding(Exchange, base: String)
        case openInterest(base: String)
    }

    public static func key(of alert: Alert) -> Key {
        let exchange = alert.exchange ?? .binance
        switch alert.condition.quantity {
        case .spotPrice: return .spot(exchange, base: alert.base)
        case .fundingRate: return .funding(exchange, base: alert.base)
        case .openInterest: return .openInterest(base: alert.base)
        }
    }

    /// The value now: a price in USDT, a funding rate in percent per interval, or open
    /// interest in coins.
    public func value(_ key: Key) async throws -> Double {
        switch key {
        case .spot(let exchange, let base):
            let tickers = try await engine.tickers(exchange, .spot)
            guard let ticker = tickers.first(where: { $0.instrument.base == base && $0.instrument.quote == "USDT" }),
                ticker.last > 0
            else { throw MarketFailure.unknownSymbol(base, suggestions: []) }
            return ticker.last
        case .funding(let exchange, let base):
            let instrument = try await engine.resolve(base, on: exchange, market: .perp)
            if let rate = await bulk(instrument)?.fundingRate { return rate * 100 }
            return try await engine.perpTicker(instrument).fundingRate * 100
        case .openInterest(let base):
            return try await openInterest(base)
        }
    }

    /// Each key's value now, read at once; a key whose value could not be read is absent.
    public func values(_ keys: Set<Key>) async -> [Key: Double] {
        await withTaskGroup(of: (Key, Double?).self) { group in
            for key in keys {
                group.addTask { (key, try? await self.value(key)) }
            }
            var values: [Key: Double] = [:]
            for await (key, value) in group {
                if let value { values[key] = value }
            }
            return values
        }
    }

    /// The perpetual's bulk reading; nil when its exchange has no bulk answer for it (or the
    /// bulk answer failed: the per-symbol read then says why).
    private func bulk(_ instrument: Instrument) async -> PerpReading? {
        try? await engine.perpReadings(instrument.exchange)[instrument.symbol]
    }

    /// Coins open on every exchange that lists the perpetual; fails when one of them does
    /// not answer (a sum without it would look like a drop).
    func openInterest(_ base: String) async throws -> Double {
        try await withThrowingTaskGroup(of: Double.self) { group in
            for exchange in Exchange.allCases {
                group.addTask {
                    let instrument: Instrument
                    do {
                        instrument = try await engine.resolve(base, on: exchange, market: .perp)
                    } catch let failure as MarketFailure {
                        switch failure.reason {
                        case .unknownSymbol, .notListed: return 0  // not listed there
                        default: throw failure
                        }
                    }
                    if let base = await bulk(instrument)?.openInterestBase { return base }
                    return try await engine.openInterestCoins(instrument)
                }
            }
            var total = 0.0
            for try await amount in group { total += amount }
            guard total > 0 else { throw MarketFailure.unknownSymbol(base, suggestions: []) }
            return total
        }
    }
}
