import AssistantTesting
import Foundation
import MarketSimulator
import NIOHTTP1
import Testing

@testable import AssistantServer

/// Hostile webhook bodies over a real socket: each gets its status, none crashes the
/// process, and what reaches a reply is escaped (the simulator checks the HTML as Telegram
/// does and refuses a message with a stray tag).
@Suite struct HostileInputTests {
    static func message(_ id: Int64, text: String) -> [UInt8] {
        Array(messageUpdate(id: id, chat: 9_000 + id, text: text).utf8)
    }

    @Test func hostileBodiesGetTheirStatusAndNothingUnescapedIsSent() async throws {
        try await withWebhookBench { (bench) async throws in
            let head = #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"#
            // 400 for what is not an update at all; an update (it has an `update_id`) with a
            // field of an unexpected shape is acknowledged (200), skipped and counted.
            let refused: [(String, [UInt8], Int)] = [
                (
                    "nested arrays, 10^5 levels",
                    Array(repeating: UInt8(ascii: "["), count: 100_000)
                        + Array(repeating: UInt8(ascii: "]"), count: 100_000), 400
                ),
                (
                    "nested objects, 5·10^4 levels",
                    Array(#"{"update_id":1,"message":"#.utf8)
                        + Array(String(repeating: #"{"a":"#, count: 50_000).utf8) + [UInt8(ascii: "1")]
                        + Array(repeating: UInt8(ascii: "}"), count: 50_001), 400
                ),
                ("invalid UTF-8", Array(head.utf8) + [0x22, 0x2F, 0xFF, 0xFE, 0x22, 0x7D, 0x7D], 400),
                (
                    "a number beyond Double",
                    Array(
                        #"{"update_id":1e400,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"/start"}}"#
                            .utf8), 400
                ),
                (
                    "a chat id beyond Int64",
                    Array(
                        #"{"update_id":2,"message":{"message_id":1,"date":0,"chat":{"id":123456789012345678901234567890,"type":"private"},"text":"/start"}}"#
                            .utf8), 200
                ),
                (
                    "text of the wrong type",
                    Array(
                        #"{"update_id":3,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":5}}"#
                            .utf8), 200
                ),
                (
                    "chat of the wrong type",
                    Array(#"{"update_id":4,"message":{"message_id":1,"date":0,"chat":"x","text":"/start"}}"#.utf8), 200
                ),
                (
                    "update_id as a string",
                    Array(
                        #"{"update_id":"5","message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"/start"}}"#
                            .utf8), 400
                ),
                ("an empty body", [], 400),
                ("JSON that is not an object", Array("[1,2,3]".utf8), 400),
                (
                    "a body over 1 MiB",
                    Array(head.utf8) + [0x22] + Array(repeating: UInt8(ascii: "a"), count: 1 << 20)
                        + Array("\"}}".utf8),
                    413
                ),
            ]
            for (name, body, status) in refused {
                let answer = try await bench.client.request(
                    bench.server.baseURL + "/telegram/webhook", method: .POST, body: body,
                    headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret), ("Content-Type", "application/json")])
                #expect(answer.status == status, "\(name)")
            }

            // Accepted: strings that must come back escaped, many arguments, path-like symbols,
            // a content type Telegram never sends, and HTTP/1.0.
            let accepted: [(Int64, String)] = [
                (101, "/price <script>alert(1)</script>"),
                (102, "/price &amp;lt; \u{202E}BTC\u{202C} \"quoted\""),
                (103, "/price " + Array(repeating: "x", count: 10_000).joined(separator: " ")),
                (104, "/price ../../etc/passwd"),
                (105, "/settings exchange <b>okx</b>"),
            ]
            for (id, text) in accepted {
                let answer = try await bench.client.request(
                    bench.server.baseURL + "/telegram/webhook", method: .POST, body: Self.message(id, text: text),
                    headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret), ("Content-Type", "text/plain")])
                #expect(answer.status == 200, "\(text.prefix(40))")
            }
            let http10 = try await curl(
                [
                    "--http1.0", "-H", "X-Telegram-Bot-Api-Secret-Token: \(testSecret)", "--data-binary",
                    String(decoding: Self.message(106, text: "/start"), as: UTF8.self),
                ],
                url: bench.server.baseURL + "/telegram/webhook")
            #expect(http10.hasPrefix("HTTP/1.0 200") || http10.hasPrefix("HTTP/1.1 200"), "\(http10.prefix(80))")

            let sent = await bench.telegram.waitForCalls(accepted.count + 1)
            #expect(sent.count == accepted.count + 1)
            // The simulator answers 400 to HTML Telegram would refuse: every reply was valid.
            #expect(sent.allSatisfy { $0.status == 200 }, "\(sent.map(\.status))")
            for call in sent {
                let text = call.text ?? ""
                #expect(!text.contains("<script") && !text.contains("<b>okx"), "\(text)")
            }
            #expect(sent.contains { $0.text?.contains("&lt;script&gt;") == true })
            #expect(bench.counters.value(.rejectedMalformed) == refused.filter { $0.2 == 400 }.count)
            #expect(bench.counters.value(.skippedUnreadable) == refused.filter { $0.2 == 200 }.count)
            #expect(bench.counters.value(.rejectedTooLarge) == 1)
            #expect(try await bench.client.request(bench.server.baseURL + "/healthz").status == 200)
        }
    }
}
