#if canImport(Glibc)
    import Glibc
#endif

/// Wall-clock helpers without Foundation: now in ms, and HH:MM:SS in UTC.
public enum UTCClock {
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    public static func timeOfDay(epochSeconds: Int64) -> String {
        let seconds = ((epochSeconds % 86_400) + 86_400) % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }
}
