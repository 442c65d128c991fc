/// Every exchange's request rate, shared by all its gateways: the budgets from its
/// published limits (`RequestLimits`), what it told us (Binance's used weight, Gate's
/// requests left), a ban until a time after 429/418 or its own "too many requests" code,
/// and how many requests are in flight to it.
///
/// Bans are wall-clock times (a reply says "until 12:34:56 UTC"); the clock is injected so
/// that a test moves past a ban or a budget's window instead of sleeping through it.
public actor RateLimitGuard {
    private var bannedUntil: [Exchange: Int64] = [:]
    public private(set) var usedWeight: [Exchange: Int] = [:]
    public private(set) var remainingRequests: [Exchange: Int] = [:]
    private var budgets: [String: RequestBudget] = [:]
    /// Requests to each exchange under way, and those waiting for one of them to end.
    private var inFlight: [Exchange: Int] = [:]
    private var waiting: [Exchange: [CheckedContinuation<Void, Never>]] = [:]
    /// Requests to one exchange at once, whatever the budgets allow.
    public let maxConcurrentPerExchange: Int
    private let clock: AppClock

    public init(clock: AppClock = .system, maxConcurrentPerExchange: Int = 8) {
        precondition(maxConcurrentPerExchange > 0)
        self.clock = clock
        self.maxConcurrentPerExchange = maxConcurrentPerExchange
    }

    /// Books `weight` against every one of `limits` at once, or (booking nothing) says how
    /// long until it fits all of them.
    func reserve(_ weight: Int, against limits: [RequestLimits.Budget]) -> Duration {
        let now = clock.now
        var wait = Duration.zero
        for limit in limits {
            wait = max(
                wait,
                budgets[limit.key, default: RequestBudget(limit: limit.limit, window: limit.window)].wait(
                    for: weight, at: now))
        }
        guard wait == .zero else { return wait }
        for limit in limits {
            budgets[limit.key, default: RequestBudget(limit: limit.limit, window: limit.window)].book(weight, at: now)
        }
        return .zero
    }

    /// What the exchange counted against `limit` in its window; more than we sent here is
    /// booked, so that the next requests wait for it.
    func observe(used: Int, against limit: RequestLimits.Budget) {
        budgets[limit.key, default: RequestBudget(limit: limit.limit, window: limit.window)].observe(
            used: used, at: clock.now)
    }

    /// Weight spent in the current window of the budget named `key` (for tests and metrics).
    public func spent(_ key: String) -> Int {
        budgets[key]?.spent(at: clock.now) ?? 0
    }

    /// Waits for one of the exchange's `maxConcurrentPerExchange` places; throws (holding
    /// none) when a ban began while the request waited, so that nothing leaves during one.
    func enter(_ exchange: Exchange) async throws(MarketFailure) {
        if inFlight[exchange, default: 0] < maxConcurrentPerExchange {
            inFlight[exchange, default: 0] += 1
        } else {
            // The place is handed over by `leave`, so the count does not change meanwhile.
            await withCheckedContinuation { waiting[exchange, default: []].append($0) }
        }
        do {
            try check(exchange)
        } catch {
            leave(exchange)
            throw error
        }
    }

    func leave(_ exchange: Exchange) {
        if var queue = waiting[exchange], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[exchange] = queue
            next.resume()
        } else {
            inFlight[exchange, default: 1] -= 1
        }
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
