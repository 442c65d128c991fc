/// What each exchange told us about our request rate: a ban until a time after 429/418
/// (or the exchange's own "too many requests" code), and Binance's used weight.
///
/// Bans are wall-clock times (a reply says "until 12:34:56 UTC"); the wall clock is
/// injected so that a test moves past a ban instead of sleeping through it.
public actor RateLimitGuard {
    private var bannedUntil: [Exchange: Int64] = [:]
    public private(set) var usedWeight: [Exchange: Int] = [:]
    private let nowMilliseconds: @Sendable () -> Int64

    public init(nowMilliseconds: @escaping @Sendable () -> Int64 = UTCClock.nowMilliseconds) {
        self.nowMilliseconds = nowMilliseconds
    }

    private var nowSeconds: Int64 { nowMilliseconds() / 1000 }

    /// Throws while the exchange asked us to wait.
    func check(_ exchange: Exchange) throws(MarketFailure) {
        if let until = bannedUntil[exchange] {
            if nowSeconds < until { throw .rateLimited(exchange, untilEpochSeconds: until) }
            bannedUntil[exchange] = nil
        }
    }

    /// Stops all requests to `exchange` for `seconds`; returns the error to report.
    public func ban(_ exchange: Exchange, forSeconds seconds: Int64) -> MarketFailure {
        let until = nowSeconds + max(seconds, 1)
        bannedUntil[exchange] = max(bannedUntil[exchange] ?? 0, until)
        return .rateLimited(exchange, untilEpochSeconds: bannedUntil[exchange]!)
    }

    /// The epoch second until which `exchange` told us to wait, while that lasts.
    public func bannedUntil(_ exchange: Exchange) -> Int64? {
        bannedUntil[exchange].flatMap { $0 > nowSeconds ? $0 : nil }
    }

    func recordUsedWeight(_ weight: Int, for exchange: Exchange) {
        usedWeight[exchange] = weight
    }
}
