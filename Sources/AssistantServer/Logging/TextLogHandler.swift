import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// swift-log's text format, line for line: `2026-11-22T10:43:59+0000 info label: key=value
/// [Source] message`, keys sorted, local time.
///
/// Every handled update writes a line, and swift-log's `StreamLogHandler` spent 8–11 µs on
/// one (a fresh `localtime` and `strftime` per line, a `String` per metadata pair, a locked
/// `fwrite`), a few percent of the server's CPU per update. This one formats the timestamp
/// once a second, builds the line as UTF-8 bytes and writes it with one `write(2)`.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    /// The last second formatted and its text; lines are written under the same lock.
    private static let output = Mutex<(second: time_t, text: [UInt8])>((-1, []))

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in metadataProvider?.get() ?? [:] { fields[key] = value }
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        let rest = Self.line(
            level: event.level, label: label, fields: fields, source: event.source, message: "\(event.message)")
        let now = time(nil)
        Self.output.withLock { cache in
            if cache.second != now { cache = (now, Self.timestamp(now)) }
            var line = cache.text
            line += rest
            JSONLogHandler.writeToStandardError(line)
        }
    }

    /// Everything after the timestamp, newline included, as `StreamLogHandler` writes it.
    static func line(
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
