import MarketEngine

/// The values alerts watch, read through the engine's coalescing cache: the spot price from
/// the exchange's all-tickers call (one request per exchange, however many symbols), the
/// funding rate from the perpetual's ticker, and open interest summed over the exchanges
/// that list the perpetual.
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
                    return try await engine.openInterest(instrument).base
                }
            }
            var total = 0.0
            for try await amount in group { total += amount }
            guard total > 0 else { throw MarketFailure.unknownSymbol(base, suggestions: []) }
            return total
        }
    }
}
