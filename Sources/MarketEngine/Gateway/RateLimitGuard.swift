/// What each exchange told us about our request rate: a ban until a time after 429/418
/// (or the exchange's own "too many requests" code), Binance's used weight, and the requests
/// left in the window where an exchange says so (Gate's `X-Gate-RateLimit-Requests-Remain`).
///
/// Bans are wall-clock times (a reply says "until 12:34:56 UTC"); the wall clock is
/// injected so that a test moves past a ban instead of sleeping through it.
public actor RateLimitGuard {
    private var bannedUntil: [Exchange: Int64] = [:]
    public private(set) var usedWeight: [Exchange: Int] = [:]
    public private(set) var remainingRequests: [Exchange: Int] = [:]
    private let clock: AppClock

    public init(clock: AppClock = .system) {
        self.clock = clock
    }

    private var nowSeconds: Int64 { clock.wallSeconds }

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

    /// The requests left in the exchange's current window. At none left, nothing more is
    /// sent until the window resets (`resetAt`, epoch seconds or milliseconds; one second
    /// when not given), instead of spending a request on a certain 429.
    func recordRemaining(_ remaining: Int, resetAt: Int64?, for exchange: Exchange) {
        remainingRequests[exchange] = remaining
        guard remaining <= 0 else { return }
        let now = nowSeconds
        let reset = resetAt.map { $0 > 100_000_000_000 ? $0 / 1000 : $0 } ?? now + 1
        // A reset time far off (a clock or unit surprise) is capped: the window is 10 s.
        _ = ban(exchange, forSeconds: min(max(reset - now, 1), 60))
    }
}
