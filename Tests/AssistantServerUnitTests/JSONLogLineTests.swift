import AssistantTesting
import Foundation
import Logging
import Testing

@testable import AssistantServer
@testable import MarketSimulator

/// The JSON log line is built by hand on bytes; Foundation's ISO 8601 format style and
/// `JSONSerialization` are the references it must agree with.
@Suite struct JSONLogLineTests {
    static let iso8601 = Date.ISO8601FormatStyle.iso8601.year().month().day()
        .time(includingFractionalSeconds: true).timeZone(separator: .omitted)

    static func timestamp(_ time: Date) -> String {
        var bytes: [UInt8] = []
        JSONLogLine.appendTimestamp(time, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        0, 0.9999, -1.5, 951_782_400.5, 1_790_000_000.1239, 4_102_444_799.999, 1_763_800_000.05,
    ])
    func timestampsAreFoundationsISO8601(seconds: Double) {
        let time = Date(timeIntervalSince1970: seconds)
        #expect(Self.timestamp(time) == time.formatted(Self.iso8601))
    }

    @Test func timestampsAgreeWithFoundationOverACentury() {
        // Whole milliseconds, as a clock gives them; the simulator's seeded generator, so a
        // failure can be replayed.
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let milliseconds = Int64(random.next() % 3_155_760_000_000) + 946_684_800_000
            let time = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(Self.timestamp(time) == time.formatted(Self.iso8601), "\(milliseconds)")
        }
    }

    @Test func aLineIsOneJSONObjectWithEveryFieldEscapedAndNumbersAsNumbers() throws {
        let message = "quote \" backslash \\ newline \n tab \t bell \u{07} nul \u{00} ₿ 🚀"
        let line = JSONLogLine.make(
            at: Date(timeIntervalSince1970: 1_790_000_000.25), level: .warning, message: message,
            label: "lab\"el",
            fields: [
                "update_id": .stringConvertible(Int64(42)), "duration": .stringConvertible(1.5),
                "nan": .stringConvertible(Double.nan), "chat": .string("-100\u{1F}"),
                "list": .array([.string("a")]),
            ])
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(object["timestamp"] as? String == "2026-09-21T14:13:20.250Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == message)
        #expect(object["label"] as? String == "lab\"el")
        #expect(object["update_id"] as? Int == 42)
        #expect(object["duration"] as? Double == 1.5)
        #expect(object["nan"] as? String == "nan")
        #expect(object["chat"] as? String == "-100\u{1F}")
        #expect(object["list"] as? String == #"["a"]"#)  // swift-log's description
        // Fixed fields first, then the metadata in sorted order.
        let text = String(decoding: line, as: UTF8.self)
        let order = ["\"timestamp\"", "\"level\"", "\"message\"", "\"label\"", "\"chat\"", "\"duration\"", "\"list\""]
            .map { text.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
    }
}
