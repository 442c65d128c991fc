extension MarketEngine {
    /// The exchanges whose streams report liquidations.
    public static let liquidationExchanges: [Exchange] = [.binance, .bybit, .okx, .gate]

    /// Exchanges that publish a sample rather than every liquidation: at most one order per
    /// contract a second (Binance: "only the latest one liquidation order within 1000ms";
    /// OKX: "This data doesn't represent the total number of liquidations"; Gate: "up to
    /// one liquidate order data every 1 second"). Their sums are lower bounds.
    public static let sampledLiquidationExchanges: Set<Exchange> = [.binance, .okx, .gate]

    /// One exchange's liquidations over a window.
    public struct LiquidationTally: Sendable, Equatable, Codable {
        public var exchange: Exchange
        /// USDT of long positions liquidated.
        public var longs: Double = 0
        /// USDT of short positions liquidated.
        public var shorts: Double = 0
        public var count = 0
        public var largest: Liquidation?
        /// Milliseconds since 1970 from which the feed has listened without a gap; nil:
        /// not connected now.
        public var listeningSince: Int64?

        public init(exchange: Exchange) {
            self.exchange = exchange
        }

        public var total: Double { longs + shorts }
        /// Whether the exchange publishes only a sample (the sum is a lower bound).
        public var isSampled: Bool { MarketEngine.sampledLiquidationExchanges.contains(exchange) }
    }

    /// Liquidations of `base`'s USDT perpetual (every USDT perpetual when nil) on each exchange
    /// that streams them, since `since` (milliseconds since 1970). Starts the liquidation
    /// feeds when they are not running yet: what they have not heard is not counted, and
    /// each tally says since when its feed has listened. Throws `.unknownSymbol` when no
    /// exchange lists the perpetual; nil when streams are off.
    public func liquidations(_ base: String?, since: Int64) async throws(MarketFailure) -> [LiquidationTally]? {
        guard let streams else { return nil }
        var instruments: [Exchange: Instrument] = [:]
        if let base {
            for exchange in Self.liquidationExchanges {
                if let instrument = try? await resolve(base, on: exchange, market: .perp), instrument.quote == "USDT" {
                    instruments[exchange] = instrument
                }
            }
            guard !instruments.isEmpty else { throw .unknownSymbol(base, suggestions: []) }
        }
        streams.watchLiquidations(Set(instruments.values))
        var tallies: [LiquidationTally] = []
        for exchange in Self.liquidationExchanges {
            var tally = LiquidationTally(exchange: exchange)
            let instrument = instruments[exchange]
            if base != nil && instrument == nil { continue }  // not listed there
            let heard = streams.liquidations(exchange, symbol: instrument?.symbol, since: since)
            tally.listeningSince = heard.listeningSince
            // Contracts turn into coins by each perpetual's contract value; a symbol this
            // engine does not list as a USDT perpetual is left out.
            let listed = instrument == nil ? (try? await instrumentList(exchange, .perp))?.bySymbol : nil
            for event in heard.liquidations {
                guard let perp = instrument ?? listed?[event.symbol], perp.quote == "USDT" else { continue }
                let coins = event.unit == .coins ? event.quantity : event.quantity * perp.contractValue
                let liquidation = Liquidation(
                    exchange: exchange, base: perp.base, side: event.side, price: event.price, quantity: coins,
                    time: event.time)
                if liquidation.side == .long {
                    tally.longs += liquidation.notional
                } else {
                    tally.shorts += liquidation.notional
                }
                tally.count += 1
                if liquidation.notional > tally.largest?.notional ?? 0 { tally.largest = liquidation }
            }
            tallies.append(tally)
        }
        return tallies
    }
}
