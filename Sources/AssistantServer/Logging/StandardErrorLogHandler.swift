import Logging
import MarketEngine
import Synchronization

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

/// Log lines on standard error, in swift-log's text format or as one JSON object per line.
///
/// Every handled update writes a line, and swift-log's `StreamLogHandler` spent 8–11 µs on
/// one (a fresh `localtime` and `strftime` per line, a `String` per metadata pair, a locked
/// `fwrite`), a few percent of the server's CPU per update. This handler builds the line as
/// UTF-8 bytes (`TextLogLine`, `JSONLogLine`), formats the text timestamp once a second and
/// writes each line with one `write(2)`.
public struct StandardErrorLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: LogFormat
    /// Lines are stamped with its wall time.
    private let clock: AppClock

    /// Lines are written under this lock, so lines from different threads do not
    /// interleave; it also keeps the last second formatted for text lines and its text.
    private static let output = Mutex<(second: time_t, text: [UInt8])>((-1, []))

    public init(label: String, format: LogFormat, clock: AppClock = .system) {
        self.label = label
        self.format = format
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in metadataProvider?.get() ?? [:] { fields[key] = value }
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        let message = "\(event.message)"
        switch format {
        case .json:
            let line = JSONLogLine.make(
                at: Date(timeIntervalSince1970: Double(clock.wallMilliseconds) / 1000), level: event.level,
                message: message, label: label, fields: fields)
            Self.output.withLock { _ in Self.writeLine(line) }
        case .text:
            let rest = TextLogLine.make(
                level: event.level, label: label, fields: fields, source: event.source, message: message)
            let now = time_t(clock.wallSeconds)
            Self.output.withLock { cache in
                if cache.second != now { cache = (now, TextLogLine.timestamp(now)) }
                Self.writeLine(cache.text + rest)
            }
        }
    }

    /// One line in one `write(2)` (more only if the kernel takes part of it).
    private static func writeLine(_ line: [UInt8]) {
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }  // nowhere to report a failed log write
                offset += written
            }
        }
    }
}
