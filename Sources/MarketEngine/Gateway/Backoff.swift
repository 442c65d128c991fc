/// Exponential backoff with jitter, the one every retry in the process uses (exchange
/// requests, sends to Telegram, polling, the shared journal): the delay before `attempt`
/// (1, 2, …) is drawn from the upper half of `initial × 2^(attempt−1)`, capped at `maximum`,
/// so that many retrying tasks spread out and none waits less than half its share.
public enum Backoff {
    public static func delay(attempt: Int, initial: Duration, maximum: Duration) -> Duration {
        let exponent = min(max(attempt - 1, 0), 16)
        let ceiling = min(initial * (1 << exponent), maximum)
        let nanoseconds = max(ceiling.wholeNanoseconds, 1)
        return .nanoseconds(Int64.random(in: nanoseconds / 2...nanoseconds))
    }
}
