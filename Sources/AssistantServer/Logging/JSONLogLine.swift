import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `LOG_FORMAT=json`: one JSON object per line, `{"timestamp":…,"level":…,"message":…,
/// "label":…, metadata…}`, built as UTF-8 bytes: no `Date.formatted` (the ISO 8601 format
/// style cost more than the rest of the line together), no `String` per escaped character.
enum JSONLogLine {
    /// The whole line, newline included; keys after `label` in sorted order.
    static func make(
        at time: Date, level: Logger.Level, message: String, label: String, fields: Logger.Metadata
    ) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(192 + message.utf8.count)
        line += #"{"timestamp":""#.utf8
        appendTimestamp(time, to: &line)
        line += #"","level":""#.utf8
        line += level.rawValue.utf8
        line += #"","message":"#.utf8
        appendQuoted(message, to: &line)
        line += #","label":"#.utf8
        appendQuoted(label, to: &line)
        for key in fields.keys.sorted() {
            line.append(UInt8(ascii: ","))
            appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            appendJSON(fields[key]!, to: &line)
        }
        line += "}\n".utf8
        return line
    }

    /// Numbers stay numbers (CloudWatch Insights can sum and compare them); anything
    /// else is a string.
    static func appendJSON(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        if case .stringConvertible(let convertible) = value {
            switch convertible {
            case let number as any BinaryInteger:
                line += "\(number)".utf8
                return
            case let number as Double where number.isFinite:
                line += "\(number)".utf8
                return
            default: break
            }
        }
        appendQuoted("\(value)", to: &line)
    }

    /// UTC, milliseconds truncated: `2026-11-22T08:26:27.123Z`.
    static func appendTimestamp(_ time: Date, to line: inout [UInt8]) {
        let interval = time.timeIntervalSince1970
        let whole = interval.rounded(.down)
        var seconds = time_t(whole)
        let milliseconds = min(Int((interval - whole) * 1000), 999)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        appendDigits(Int(parts.tm_year) + 1900, count: 4, to: &line)
        line.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mon) + 1, count: 2, to: &line)
        line.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mday), count: 2, to: &line)
        line.append(UInt8(ascii: "T"))
        appendDigits(Int(parts.tm_hour), count: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_min), count: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_sec), count: 2, to: &line)
        line.append(UInt8(ascii: "."))
        appendDigits(milliseconds, count: 3, to: &line)
        line.append(UInt8(ascii: "Z"))
    }

    private static func appendDigits(_ value: Int, count: Int, to line: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            line.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped; the rest as is.
    static func appendQuoted(_ text: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): line += #"\""#.utf8
            case UInt8(ascii: "\\"): line += #"\\"#.utf8
            case UInt8(ascii: "\n"): line += #"\n"#.utf8
            case UInt8(ascii: "\r"): line += #"\r"#.utf8
            case UInt8(ascii: "\t"): line += #"\t"#.utf8
            case 0..<0x20:
                line += #"\u00"#.utf8
                line.append(hexDigits[Int(byte >> 4)])
                line.append(hexDigits[Int(byte & 0xf)])
            default: line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
