extension Duration {
    /// Milliseconds with microsecond precision, for logs (`"duration": 12.345`).
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return (value * 1000).rounded() / 1000
    }

    /// Whole seconds, rounded up and at least one: "try again in N s" never says 0 or too early.
    public var secondsToWait: Int64 {
        max(1, (self + .nanoseconds(999_999_999)).components.seconds)
    }

    /// Whole nanoseconds, as swift-metrics timers and NIO's `TimeAmount` take them.
    public var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
