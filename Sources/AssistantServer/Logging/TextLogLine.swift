import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `LOG_FORMAT=text`: swift-log's own line format, byte for byte as its `StreamLogHandler`
/// writes it — `2026-11-22T10:43:59+0000 info label: key=value [Source] message`, keys
/// sorted, local time — built as UTF-8 bytes, the timestamp formatted once a second by
/// the handler.
enum TextLogLine {
    /// Everything after the timestamp, newline included, as `StreamLogHandler` writes it.
    static func make(
        level: Logger.Level, label: String, fields: Logger.Metadata, source: String, message: String
    ) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(96 + message.utf8.count)
        line.append(UInt8(ascii: " "))
        line += level.rawValue.utf8
        if !label.isEmpty { line.append(UInt8(ascii: " ")) }
        line += label.utf8
        line.append(UInt8(ascii: ":"))
        for key in fields.keys.sorted() {
            line.append(UInt8(ascii: " "))
            line += key.utf8
            line.append(UInt8(ascii: "="))
            switch fields[key]! {
            case .string(let text): line += text.utf8
            case let value: line += "\(value)".utf8
            }
        }
        line += " [".utf8
        line += source.utf8
        line += "] ".utf8
        line += message.utf8
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Local time, `%Y-%m-%dT%H:%M:%S%z`, as `StreamLogHandler` formats it.
    static func timestamp(_ second: time_t) -> [UInt8] {
        var seconds = second
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return Array("<unknown>".utf8) }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return buffer.prefix(count).map { UInt8(bitPattern: $0) }
    }
}
