#if canImport(Glibc)
    import Glibc
#endif

/// Where an `AppClock` reads the time: the system's clocks in the process, a `TestClock` in
/// tests.
public protocol TimeSource: Sendable {
    /// Monotonic time since the source's origin: for deadlines, intervals and waits.
    var elapsed: Duration { get }
    /// Wall-clock time in milliseconds since 1970: for what is shown, stored or signed.
    var wallMilliseconds: Int64 { get }
    /// Returns once `elapsed` has reached `deadline` (throws when cancelled).
    func sleep(untilElapsed deadline: Duration) async throws
}

/// The process's one clock. Every "now" (monotonic or wall) and every wait of the server,
/// the market engine and the commands goes through the `AppClock` it was given, so a test
/// that moves its `TestClock` moves all of them; the system clocks are read in one place,
/// `SystemTime`.
public struct AppClock: Clock {
    public struct Instant: InstantProtocol, Hashable, CustomStringConvertible {
        /// Time since the clock's origin.
        public var offset: Duration

        public init(offset: Duration) {
            self.offset = offset
        }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public var description: String { "\(offset)" }
    }

    private let source: any TimeSource

    public init(_ source: any TimeSource) {
        self.source = source
    }

    /// The system's monotonic and wall clocks.
    public static let system = AppClock(SystemTime())

    public var now: Instant { Instant(offset: source.elapsed) }
    public var minimumResolution: Duration { .zero }
    /// Milliseconds since 1970 (UTC).
    public var wallMilliseconds: Int64 { source.wallMilliseconds }
    /// Whole seconds since 1970 (UTC).
    public var wallSeconds: Int64 { source.wallMilliseconds / 1000 }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await source.sleep(untilElapsed: deadline.offset)
    }

    /// Time passed since `start`.
    public func elapsed(since start: Instant) -> Duration { start.duration(to: now) }
}

/// The system's clocks: `ContinuousClock` for monotonic time (it keeps counting while the
/// machine sleeps, as lease and ban deadlines must) and `CLOCK_REALTIME` for the wall.
public struct SystemTime: TimeSource {
    private let origin = ContinuousClock.now

    public init() {}

    public var elapsed: Duration { ContinuousClock.now - origin }

    public var wallMilliseconds: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    public func sleep(untilElapsed deadline: Duration) async throws {
        try await ContinuousClock().sleep(until: origin + deadline, tolerance: nil)
    }
}
