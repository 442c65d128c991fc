import MarketEngine

/// Numbers as traders read them: prices with sensible precision and thousands separators,
/// signed percentages, compact dollar volumes, durations.
public enum NumberFormat {
    public static func price(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
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

    /// `8`, `2.5`: whole numbers without decimals, others with one (funding intervals,
    /// leverage).
    static func wholeOrTenths(_ value: Double) -> String {
        fixed(value, value == value.rounded() ? 0 : 1)
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        format(value, decimals, grouping: false)
    }

    static func grouped(_ value: Double, decimals: Int) -> String {
        format(value, decimals, grouping: true)
    }

    /// Written on UTF-8 bytes: every reply formats a dozen numbers, and doing it on
    /// `Character`s (counting, slicing, inserting groups) was a tenth of rendering `/price`.
    private static func format(_ value: Double, _ decimals: Int, grouping: Bool) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        // Beyond Int64 (only garbage from upstream gets here) the digits are not meaningful.
        guard rounded < 9.0e18 else { return value.description }
        let whole = Int64(rounded / scale)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        if value < 0 && rounded != 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(of: whole, grouping: grouping, to: &bytes)
        if decimals > 0 {
            bytes.append(UInt8(ascii: "."))
            let fraction = Int64(rounded - Double(whole) * scale)
            let digitsStart = bytes.count
            appendDigits(of: fraction, grouping: false, to: &bytes)
            let missing = decimals - (bytes.count - digitsStart)
            if missing > 0 {
                bytes.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: missing), at: digitsStart)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendDigits(of number: Int64, grouping: Bool, to bytes: inout [UInt8]) {
        var digits: [UInt8] = []
        digits.reserveCapacity(26)
        var rest = number
        repeat {
            if grouping && digits.count % 4 == 3 { digits.append(UInt8(ascii: ",")) }
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes.append(contentsOf: digits.reversed())
    }
}

#if canImport(Glibc)
    import Glibc
#endif
