import AssistantTesting
import Logging
import Synchronization
import Testing

@testable import AssistantServer

#if canImport(Glibc)
    import Glibc
#endif

/// The text log line is built by hand on bytes; swift-log's `StreamLogHandler`, whose format
/// it keeps, is the reference.
@Suite struct TextLogLineTests {
    /// What a `StreamLogHandler` writes, kept for comparison.
    final class CapturedLines: TextOutputStream, Sendable {
        let lines = Mutex<[String]>([])
        func write(_ string: String) { lines.withLock { $0.append(string) } }
    }

    static let cases: [(label: String, level: Logger.Level, message: String, metadata: Logger.Metadata)] = [
        (
            "crypto-assistant", .info, "update handled",
            [
                "update_id": .stringConvertible(Int64(42)), "chat": .string("-1001234"), "command": .string("price"),
                "exchange": .string("binance"), "duration_ms": .stringConvertible(1.25),
            ]
        ),
        ("crypto-assistant", .notice, "listening", ["address": .string("http://127.0.0.1:8080/telegram/webhook")]),
        ("", .warning, "no label, no metadata", [:]),
        (
            "lab el", .error, "quote \" newline \n ₿ 🚀",
            [
                "list": .array([.string("a"), .stringConvertible(2)]), "dict": .dictionary(["k": .string("v")]),
                "Zebra": .string("upper case sorts first"), "émoji": .string("🚀"),
            ]
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func lineMatchesStreamLogHandler(index: Int) {
        let (label, level, message, metadata) = Self.cases[index]
        let captured = CapturedLines()
        var reference = StreamLogHandler(label: label, stream: captured, metadataProvider: nil)
        reference.logLevel = .trace
        let before = time(nil)
        reference.log(
            event: LogEvent(
                level: level, message: "\(message)", metadata: metadata, source: "AssistantServer",
                file: #fileID, function: #function, line: #line))
        let after = time(nil)
        let expected = captured.lines.withLock { $0 }.joined()

        let rest = TextLogLine.make(
            level: level, label: label, fields: metadata, source: "AssistantServer", message: message)
        let candidates = [before, after].map { String(decoding: TextLogLine.timestamp($0) + rest, as: UTF8.self) }
        #expect(
            candidates.contains(expected),
            "ours: \(candidates[0].debugDescription)\nswift-log: \(expected.debugDescription)")
    }
}
