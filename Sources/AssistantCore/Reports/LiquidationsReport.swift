import MarketEngine

/// `/liquidations` as data: each streaming exchange's liquidated notional over the last hour,
/// longs and shorts, the largest, and since when each feed has listened (a window that
/// began before then is counted from then). `streamsOff`: the server polls only.
public struct LiquidationsReport: Sendable, Codable {
    /// nil: every USDT perpetual.
    public var base: String?
    public var tallies: [MarketEngine.LiquidationTally]
    /// Milliseconds since 1970: the window's start and end.
    public var since: Int64
    public var time: Int64
    public var streamsOff = false

    public static let window: Int64 = 3_600_000

    public static func make(engine: MarketEngine, symbol: String?) async throws(MarketFailure) -> LiquidationsReport {
        let now = engine.clock.wallMilliseconds
        let base = symbol.flatMap { SymbolQuery($0)?.base }
        if symbol != nil && base == nil { throw .unknownSymbol(symbol ?? "", suggestions: []) }
        guard let tallies = try await engine.liquidations(base, since: now - window) else {
            return LiquidationsReport(base: base, tallies: [], since: now - window, time: now, streamsOff: true)
        }
        return LiquidationsReport(base: base, tallies: tallies, since: now - window, time: now)
    }

    public var longs: Double { tallies.reduce(0) { $0 + $1.longs } }
    public var shorts: Double { tallies.reduce(0) { $0 + $1.shorts } }
    public var largest: Liquidation? {
        tallies.compactMap(\.largest).max { $0.notional < $1.notional }
    }
}
