import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// GET requests to one exchange's REST API over the shared AsyncHTTPClient (or another
/// `ExchangeTransport`), with the manners an exchange expects:
/// - a request goes out only within the exchange's published limits (`RequestLimits`,
///   booked in the shared `RateLimitGuard`): short of budget it waits up to
///   `Policy.maxBudgetWait`, else fails at once with the time the budget allows it, so the
///   exchange never sees us over its limit (and never bans the address);
/// - at most `RateLimitGuard.maxConcurrentPerExchange` requests to an exchange at once;
/// - the exchange's own counts obeyed (Binance's used weight, Gate's requests left), and
///   after a ban answer (429/418, Bybit's 403) no request at all until it has passed;
/// - a per-request timeout, retries with jittered backoff for server errors and dropped
///   connections.
public struct ExchangeGateway: Sendable {
    public struct Policy: Sendable {
        public var timeout: Duration
        public var retries: Int
        public var initialBackoff: Duration
        /// The largest body accepted (instrument lists are the big ones).
        public var maxBodyBytes: Int
        /// The longest a request waits for budget; beyond it, it fails saying when to retry.
        public var maxBudgetWait: Duration

        public init(
            timeout: Duration = .seconds(5), retries: Int = 2, initialBackoff: Duration = .milliseconds(200),
            maxBodyBytes: Int = 48 << 20, maxBudgetWait: Duration = .seconds(2)
        ) {
            self.timeout = timeout
            self.retries = retries
            self.initialBackoff = initialBackoff
            self.maxBodyBytes = maxBodyBytes
            self.maxBudgetWait = maxBudgetWait
        }
    }

    public let exchange: Exchange
    let baseURL: String
    let transport: any ExchangeTransport
    let policy: Policy
    let limiter: RateLimitGuard
    let metrics: EngineMetrics
    let logger: Logger
    /// The engine's clock: the backoff's waits, and the time of a reading the exchange did not date.
    public let clock: AppClock

    public init(
        exchange: Exchange, baseURL: String, http: any ExchangeTransport, policy: Policy = Policy(),
        limiter: RateLimitGuard, metrics: EngineMetrics = EngineMetrics(), clock: AppClock = .system,
        logger: Logger = Logger(label: "market")
    ) {
        self.clock = clock
        self.exchange = exchange
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = http
        self.policy = policy
        self.limiter = limiter
        self.metrics = metrics
        self.logger = logger
    }

    /// The answer to `GET path?query` (2xx, or 4xx with the exchange's error body), or a
    /// `MarketFailure` naming this exchange.
    public func get(_ path: String, _ query: [(String, String)] = []) async throws(MarketFailure) -> ExchangeResponse {
        try await get(path, rawQuery: Self.queryString(query))
    }

    /// A GET with a query string used byte for byte (it was signed) and extra headers.
    /// Signed reads are retried like public ones: they are idempotent, and the signer is
    /// called again for each attempt through `prepare`.
    public func get(
        _ path: String, rawQuery: String, headers: [(String, String)] = [],
        prepare: (@Sendable () -> (query: String, headers: [(String, String)]))? = nil
    ) async throws(MarketFailure) -> ExchangeResponse {
        var attempt = 0
        let (weight, budgets) = RequestLimits.cost(exchange, path: path, query: rawQuery)
        while true {
            try await limiter.check(exchange)
            try await spend(weight, against: budgets)
            let (query, extra) = prepare?() ?? (rawQuery, headers)
            let started = clock.now
            try await limiter.enter(exchange)
            let answer: Result<ExchangeResponse, MarketFailure>
            do {
                answer = .success(try await once(path, query, extra, budgets: budgets))
            } catch {
                answer = .failure(error)
            }
            await limiter.leave(exchange)
            do {
                return try answer.get()
            } catch {
                // The path only: a signed query carries a signature and a timestamp.
                logger.warning(
                    "exchange request failed",
                    metadata: [
                        "exchange": "\(exchange.rawValue)", "path": "\(path)", "error": "\(error.description)",
                        "duration": .stringConvertible(clock.elapsed(since: started).milliseconds),
                    ])
                guard error.isRetryable && attempt < policy.retries else { throw error }
                attempt += 1
                let delay = Backoff.delay(
                    attempt: attempt, initial: policy.initialBackoff, maximum: policy.initialBackoff * 16)
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    throw MarketFailure(.cancelled, exchange: exchange)
                }
            }
        }
    }

    /// Books a request's weight, waiting for room up to `maxBudgetWait`.
    private func spend(_ weight: Int, against budgets: [RequestLimits.Budget]) async throws(MarketFailure) {
        while true {
            let wait = await limiter.reserve(weight, against: budgets)
            if wait == .zero {
                RequestTally.current?.add(1)
                return
            }
            guard wait <= policy.maxBudgetWait else {
                metrics.upstreamBudget(exchange, outcome: "refused")
                throw .rateLimited(exchange, untilEpochSeconds: clock.wallSeconds + wait.secondsToWait)
            }
            metrics.upstreamBudget(exchange, outcome: "waited")
            do {
                try await clock.sleep(for: wait)
            } catch {
                throw MarketFailure(.cancelled, exchange: exchange)
            }
        }
    }

    public static func queryString(_ query: [(String, String)]) -> String {
        query.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    private func once(
        _ path: String, _ query: String, _ headers: [(String, String)], budgets: [RequestLimits.Budget]
    ) async throws(MarketFailure) -> ExchangeResponse {
        let url = baseURL + path + (query.isEmpty ? "" : "?" + query)
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "crypto-assistant")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let timeout = TimeAmount.nanoseconds(policy.timeout.wholeNanoseconds)
        let answer: ExchangeTransportAnswer
        do {
            answer = try await transport.send(request, timeout: timeout, maxBodyBytes: policy.maxBodyBytes)
        } catch {
            let failure = MarketFailure(transport: error, exchange: exchange)
            metrics.upstreamRequest(exchange, status: failure.reason == .timeout ? "timeout" : "error")
            throw failure
        }
        metrics.upstreamRequest(exchange, status: String(answer.status))
        let status = answer.status
        let responseHeaders = answer.headers
        if let weight = responseHeaders.first(name: "X-MBX-USED-WEIGHT-1M").flatMap(Int.init) {
            await limiter.recordUsedWeight(weight, for: exchange)
            if let budget = budgets.first, budget.key.hasSuffix("-weight") {
                await limiter.observe(used: weight, against: budget)
            }
        }
        if let remaining = responseHeaders.first(name: "X-Gate-RateLimit-Requests-Remain").flatMap(Int.init) {
            let reset = responseHeaders.first(name: "X-Gate-RateLimit-Reset-Timestamp").flatMap(Int64.init)
            await limiter.recordRemaining(remaining, resetAt: reset, for: exchange)
            if let limit = responseHeaders.first(name: "X-Gate-RateLimit-Limit").flatMap(Int.init),
                let budget = budgets.first
            {
                await limiter.observe(used: limit - remaining, against: budget)
            }
        }
        switch status {
        case 200..<300:
            return ExchangeResponse(status: status, body: answer.body)
        case 429, 418:
            let seconds = responseHeaders.first(name: "Retry-After").flatMap(Int64.init) ?? 60
            throw await limiter.ban(exchange, forSeconds: seconds)
        case 403 where exchange == .bybit:
            // Bybit's answer past its per-address limit ("access too frequent"): stop every
            // request for at least ten minutes, as its rules say.
            throw await limiter.ban(exchange, forSeconds: 600)
        case 500...:
            throw .httpStatus(exchange, status)
        default:
            // 4xx with the exchange's own error body: the adapter reads the code.
            return ExchangeResponse(status: status, body: answer.body)
        }
    }

    static func percentEncode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

/// A status and body; the adapter reads the exchange's own error format from it.
public struct ExchangeResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
