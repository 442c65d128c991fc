import MarketEngine

/// The values alerts watch, read through the engine's coalescing cache from each exchange's
/// bulk answers, so that a pass costs requests per exchange watched, not per alert, chat or
/// symbol: the spot price from the all-tickers call, funding and open interest from
/// `MarketEngine.perpReadings` (all perpetual tickers, all open interest). Only what an
/// exchange has no bulk answer for is read per symbol (Binance's open interest, OKX's
/// funding), within its request budget; open interest is summed over the exchanges that
/// list the perpetual. Liquidation sums come from the engine's streams alone.
public struct AlertReadings: Sendable {
    public let engine: MarketEngine
    /// The server's own positions, for position alerts; nil when no exchange has keys.
    public let positions: PositionWatch?

    public init(engine: MarketEngine, positions: PositionWatch? = nil) {
        self.engine = engine
        self.positions = positions
    }

    /// What an alert reads: the same key for every alert that needs the same value.
    public enum Key: Hashable, Sendable {
        case spot(Exchange, base: String)
        case funding(Exchange, base: String)
        case openInterest(base: String)
        /// USDT liquidated on `base`'s perpetuals within the window.
        case liquidations(base: String, windowSeconds: Int64)
        /// The server's open positions: the nearest liquidation, PnL, the next funding.
        case positionLiquidation, positionPnl, positionFunding
    }

    public static func key(of alert: Alert) -> Key {
        let exchange = alert.exchange ?? .binance
        switch alert.condition.quantity {
        case .spotPrice: return .spot(exchange, base: alert.base)
        case .fundingRate: return .funding(exchange, base: alert.base)
        case .openInterest: return .openInterest(base: alert.base)
        case .liquidations: return .liquidations(base: alert.base, windowSeconds: alert.condition.windowSeconds ?? 0)
        case .positionLiquidation: return .positionLiquidation
        case .positionPnl: return .positionPnl
        case .positionFunding: return .positionFunding
        }
    }

    /// The value now: a price in USDT, a funding rate in percent per interval, open interest
    /// in coins, or USDT liquidated within the window.
    public func value(_ key: Key) async throws -> Double {
        switch key {
        case .spot(let exchange, let base):
            if let streamed = await streamed(exchange, base, .spot)?.last, streamed > 0 { return streamed }
            let tickers = try await engine.tickers(exchange, .spot)
            guard let ticker = tickers.first(where: { $0.instrument.base == base && $0.instrument.quote == "USDT" }),
                ticker.last > 0
            else { throw MarketFailure.unknownSymbol(base, suggestions: []) }
            return ticker.last
        case .funding(let exchange, let base):
            let instrument = try await engine.resolve(base, on: exchange, market: .perp)
            if let rate = engine.streams?.quote(instrument)?.fundingRate { return rate * 100 }
            if let rate = await bulk(instrument)?.fundingRate { return rate * 100 }
            return try await engine.perpTicker(instrument).fundingRate * 100
        case .openInterest(let base):
            return try await openInterest(base)
        case .liquidations(let base, let window):
            let since = engine.clock.wallMilliseconds - window * 1000
            // Nil: streams are off, and nothing hears liquidations. No reason says so; a
            // connection failure is the nearest (the command refuses such alerts first).
            guard let tallies = try await engine.liquidations(base, since: since) else {
                throw MarketFailure(.connection(.other), exchange: nil)
            }
            return tallies.reduce(0) { $0 + $1.total }
        case .positionLiquidation, .positionPnl, .positionFunding:
            // Signed reads, at most one a minute, shared by every position alert.
            guard let reading = await positions?.reading() else {
                throw MarketFailure(.connection(.other), exchange: nil)
            }
            switch key {
            case .positionLiquidation:
                // No open position with a liquidation price: nothing is near one.
                guard let distance = reading.liquidationDistancePercent else {
                    throw MarketFailure.unknownSymbol("positions", suggestions: [])
                }
                return distance
            case .positionPnl: return reading.pnl
            default: return reading.fundingCost
            }
        }
    }

    /// The open position nearest its liquidation, as the last reading saw it.
    func nearestPosition() async -> PositionWatch.Reading.Nearest? {
        await positions?.reading()?.nearest
    }

    /// The live streamed quote of `base`'s USDT pair on `market`; nil when not streamed
    /// (the caller reads REST).
    private func streamed(_ exchange: Exchange, _ base: String, _ market: Market) async -> StreamQuote? {
        guard let streams = engine.streams,
            let instrument = try? await engine.resolve(base, on: exchange, market: market)
        else { return nil }
        return streams.quote(instrument)
    }

    /// The instruments the keys read, to be streamed: the spot pair of a price, the
    /// perpetual of a funding rate, the perpetuals of open interest on every exchange, the
    /// perpetuals of liquidations on the exchanges that stream them.
    public func instruments(_ keys: Set<Key>) async -> Set<Instrument> {
        var found: Set<Instrument> = []
        for key in keys {
            let wanted: [(Exchange, String, Market)] =
                switch key {
                case .spot(let exchange, let base): [(exchange, base, .spot)]
                case .funding(let exchange, let base): [(exchange, base, .perp)]
                case .openInterest(let base): Exchange.allCases.map { ($0, base, .perp) }
                case .liquidations(let base, _): MarketEngine.liquidationExchanges.map { ($0, base, .perp) }
                case .positionLiquidation, .positionPnl, .positionFunding: []
                }
            for (exchange, base, market) in wanted {
                if let instrument = try? await engine.resolve(base, on: exchange, market: market) {
                    found.insert(instrument)
                }
            }
        }
        return found
    }

    /// The USDT perpetuals whose liquidations the liquidation keys watch (Bybit subscribes
    /// them one by one).
    public func liquidationInstruments(_ keys: Set<Key>) async -> Set<Instrument> {
        var found: Set<Instrument> = []
        for case .liquidations(let base, _) in keys {
            for exchange in MarketEngine.liquidationExchanges {
                if let instrument = try? await engine.resolve(base, on: exchange, market: .perp),
                    instrument.quote == "USDT"
                {
                    found.insert(instrument)
                }
            }
        }
        return found
    }

    /// What a pushed tick says about a key an alert can watch: the spot price of a USDT
    /// pair, or a perpetual's funding rate (open interest sums every exchange: the passes
    /// read it, from the streams where live).
    public static func readings(of tick: MarketStreams.Tick) -> [(Key, Double)] {
        let instrument = tick.instrument
        guard instrument.quote == "USDT" else { return [] }
        switch instrument.market {
        case .spot:
            guard let last = tick.quote.last, last > 0 else { return [] }
            return [(.spot(instrument.exchange, base: instrument.base), last)]
        case .perp:
            guard let rate = tick.quote.fundingRate else { return [] }
            return [(.funding(instrument.exchange, base: instrument.base), rate * 100)]
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
                    if let coins = engine.streams?.openInterestCoins(instrument) { return coins }
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
