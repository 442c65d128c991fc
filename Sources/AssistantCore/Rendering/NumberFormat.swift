import MarketEngine

/// Numbers as traders read them: prices with sensible precision and thousands separators,
/// signed percentages, compact dollar volumes, durations.
public enum NumberFormat {
    public static func price(_ value: Double) -> String {
        let magnitude = abs(value)
        let decimals: Int
        switch magnitude {
        case 1000...: decimals = 2
        case 1..<1000: decimals = 4
        case 0.01..<1: decimals = 5
        case 0: decimals = 2
        default: decimals = max(6, Int((-log10(magnitude)).rounded(.up)) + 3)
        }
        return grouped(value, decimals: decimals)
    }

    /// `+1.23%`, `-0.50%`.
    public static func percent(_ value: Double, decimals: Int = 2) -> String {
        (value >= 0 ? "+" : "-") + fixed(abs(value), decimals) + "%"
    }

    /// `$3.29B`, `$12.3M`, `$450.0K`.
    public static func compactUSD(_ value: Double) -> String {
        let magnitude = abs(value)
        switch magnitude {
        case 1e9...: return "$" + fixed(value / 1e9, 2) + "B"
        case 1e6...: return "$" + fixed(value / 1e6, 2) + "M"
        case 1e3...: return "$" + fixed(value / 1e3, 1) + "K"
        default: return "$" + fixed(value, 0)
        }
    }

    /// `3h 12m`, `45m`, `now`.
    public static func duration(milliseconds: Int64) -> String {
        guard milliseconds > 0 else { return "now" }
        let minutes = milliseconds / 60_000
        return minutes >= 60 ? "\(minutes / 60)h \(minutes % 60)m" : "\(max(minutes, 1))m"
    }

    public static func timeOfDay(milliseconds: Int64) -> String {
        UTCClock.timeOfDay(epochSeconds: milliseconds / 1000) + " UTC"
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int64(rounded / scale)
        var text = String(whole)
        if decimals > 0 {
            let fraction = Int64(rounded - Double(whole) * scale)
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        }
        return (value < 0 && rounded != 0 ? "-" : "") + text
    }

    static func grouped(_ value: Double, decimals: Int) -> String {
        let text = fixed(value, decimals)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        let joined = groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
        return (negative ? "-" : "") + joined
    }
}

#if canImport(Glibc)
    import Glibc
#endif
