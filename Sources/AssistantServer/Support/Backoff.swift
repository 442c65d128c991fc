/// Exponential backoff with full jitter, so that many retrying tasks spread out.
enum Backoff {
    static func delay(attempt: Int, initial: Duration, maximum: Duration) -> Duration {
        let exponent = min(max(attempt - 1, 0), 16)
        let ceiling = min(initial * (1 << exponent), maximum)
        let nanoseconds = max(ceiling.wholeNanoseconds, 1)
        return .nanoseconds(Int64.random(in: nanoseconds / 2...nanoseconds))
    }
}
