import DequeModule

/// The liquidations the streams reported in the last hour, by exchange and symbol, and since
/// when each exchange's feed has listened without a gap: a sum over a window that began
/// before then is a lower bound, and the reply says so.
struct LiquidationLedger: Sendable {
    /// How far back sums reach: `/liquidations` shows the last hour.
    static let span: Int64 = 3_600_000
    /// Liquidations kept per exchange at most (a cascade must not grow memory without bound).
    static let capacity = 100_000

    private var events: [Exchange: Deque<StreamLiquidation>] = [:]
    /// Milliseconds since 1970 from which each exchange's feed has been connected throughout.
    private(set) var listeningSince: [Exchange: Int64] = [:]

    mutating func record(_ liquidations: [StreamLiquidation], on exchange: Exchange, now: Int64) {
        var kept = events[exchange] ?? []
        for liquidation in liquidations { kept.append(liquidation) }
        while let first = kept.first, first.time < now - Self.span || kept.count > Self.capacity {
            kept.removeFirst()
        }
        events[exchange] = kept
    }

    /// The feed of `exchange` (re)connected at `now`: what it missed while down is unknown.
    mutating func connected(_ exchange: Exchange, now: Int64) {
        listeningSince[exchange] = now
    }

    mutating func disconnected(_ exchange: Exchange) {
        listeningSince[exchange] = nil
    }

    /// Liquidations of `exchange` at or after `since`, oldest first, of `symbol` (every
    /// symbol when nil).
    func liquidations(_ exchange: Exchange, symbol: String?, since: Int64) -> [StreamLiquidation] {
        guard let kept = events[exchange] else { return [] }
        return kept.filter { $0.time >= since && (symbol == nil || $0.symbol == symbol) }
    }
}
