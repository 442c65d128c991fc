/// Times of day in UTC, without Foundation (what time it is comes from `AppClock`).
public enum UTCClock {
    public static func timeOfDay(epochSeconds: Int64) -> String {
        let seconds = ((epochSeconds % 86_400) + 86_400) % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }
}
