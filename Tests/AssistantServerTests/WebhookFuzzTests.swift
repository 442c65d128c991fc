import AssistantTesting
import Foundation
import MarketEngine
import NIOHTTP1
import TelegramBotAPI
import Testing

@testable import AssistantServer
@testable import MarketSimulator

/// Random mutations of real-shaped updates posted over a real socket to the built binary,
/// whose memory is watched on its own (the test's client and simulator are not in it).
/// Seeded and reproducible: case N is built from `seed + N` alone. `FUZZ_CASES` sets the
/// count (10,000 here, a million under `make fuzz`), `FUZZ_SEED` the seed.
@Suite struct WebhookFuzzTests {
    static let cases = ProcessInfo.processInfo.environment["FUZZ_CASES"].flatMap(Int.init) ?? 10_000
    static let seed = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_122

    struct Tally: Sendable {
        var statuses: [Int: Int] = [:]
        var inlineReplies = 0
        var problems: [String] = []
    }

    @Test func mutatedUpdatesNeverCrashAndEveryReplyIsValidHTML() async throws {
        // Local mode (no token): every reply comes back inline, where the test can read it.
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        try await withChild(
            ["serve"],
            environment: [
                "WEBHOOK_SECRET": testSecret, "LISTEN_PORT": "0", "DATABASE_PATH": folder.path + "/db.sqlite",
                "BOT_USERNAME": "MarketAssistDemoBot",
                // A line per update would only fill the test's copy of the output.
                "LOG_LEVEL": "notice",
            ].merging(simulator.exchangeEnvironment) { first, _ in first }
        ) { (child) async throws in
            let listening = try #require(await child.line(containing: "listening"), "\(child.output)")
            let port = try #require(ExecutableTests.port(fromListeningLine: listening))
            let pid = child.process.processIdentifier
            let server = "http://127.0.0.1:\(port)"
            let client = try TestClient()

            let workers = 8
            let warmUp = Self.cases / 5
            var anonymousAfterWarmUp = 0
            var tally = Tally()
            // Two rounds: a fifth to warm caches and pools, then the rest with memory watched.
            for (first, last) in [(0, warmUp), (warmUp, Self.cases)] where first < last {
                let round = await withTaskGroup(of: Tally.self) { group in
                    for worker in 0..<workers {
                        group.addTask {
                            var tally = Tally()
                            var index = first + worker
                            while index < last {
                                await Self.run(case: index, client: client, server: server, into: &tally)
                                index += workers
                            }
                            return tally
                        }
                    }
                    var total = Tally()
                    for await part in group {
                        total.statuses.merge(part.statuses, uniquingKeysWith: +)
                        total.inlineReplies += part.inlineReplies
                        total.problems += part.problems
                    }
                    return total
                }
                tally.statuses.merge(round.statuses, uniquingKeysWith: +)
                tally.inlineReplies += round.inlineReplies
                tally.problems += round.problems
                if first == 0 { anonymousAfterWarmUp = ProcessProbe.anonymousKiB(of: pid) }
            }
            // Anonymous memory only: the debug binary's code pages, touched as new paths run,
            // are file-backed and not what the process allocated.
            let anonymousGrowth = (ProcessProbe.anonymousKiB(of: pid) - anonymousAfterWarmUp) << 10
            let healthz = await Result { try await client.request(server + "/healthz").status }
            try await client.shutdown()
            kill(pid, SIGTERM)
            let exit = await child.status(within: .seconds(30))
            await simulator.stop()
            withExtendedLifetime(folder) {}

            #expect(tally.problems.isEmpty, "\(tally.problems.prefix(10))")
            #expect(tally.statuses.values.reduce(0, +) == Self.cases)
            #expect(Set(tally.statuses.keys).isSubset(of: [200, 400]), "\(tally.statuses)")
            // Most cases are still updates; a fuzzer that only produced garbage would prove little.
            #expect(tally.statuses[200, default: 0] > Self.cases / 3, "\(tally.statuses)")
            #expect(tally.inlineReplies > Self.cases / 5)
            // Bounded memory: what the warm-up did not already take, the rest may not take either.
            #expect(anonymousGrowth < 16 << 20, "the server's memory grew \(anonymousGrowth >> 20) MiB after warm-up")
            #expect((try? healthz.get()) == 200)
            #expect(exit == 0, "\(child.output.suffix(2_000))")
            print(
                "fuzz: \(Self.cases) cases, seed \(Self.seed), statuses \(tally.statuses.sorted { $0.key < $1.key }), inline replies \(tally.inlineReplies), server anonymous memory after warm-up \(anonymousAfterWarmUp >> 10) MiB, growth \(anonymousGrowth >> 10) KiB"
            )
        }
    }

    /// The webhook decodes with `JSONScanner`; it must accept and refuse exactly what
    /// `JSONDecoder` does, and decode the same values. Checked on the fuzzer's bodies and on
    /// the corners of JSON's grammar the fuzzer may not reach.
    @Test func theWebhookDecoderAgreesWithJSONDecoder() {
        var bodies = Self.grammarCorners.map { Array($0.utf8) }
        bodies.append(Array(repeating: UInt8(ascii: "["), count: 100_000))
        bodies.append(
            Array(
                ("{\"update_id\":1,\"x\":" + String(repeating: "[", count: 511) + String(repeating: "]", count: 511)
                    + "}").utf8))
        bodies.append(
            Array(
                ("{\"update_id\":1,\"x\":" + String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
                    + "}").utf8))
        bodies.append([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
        bodies.append(Array(#"{"update_id":1,""#.utf8) + [0xFF] + Array(#"":1}"#.utf8))
        bodies.append(Array(#"{"update_id":1,"x":""#.utf8) + [0xFF] + Array(#""}"#.utf8))
        bodies.append(
            Array(#"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":""#.utf8)
                + [0xC3] + Array(#""}}"#.utf8))
        let generated = min(Self.cases * 3, 100_000)
        var disagreements: [String] = []
        var accepted = 0
        for index in 0..<(bodies.count + generated) {
            let body: [UInt8]
            if index < bodies.count {
                body = bodies[index]
            } else {
                var generator = UpdateFuzzer(seed: Self.seed &+ UInt64(index - bodies.count))
                body = generator.next()
            }
            let scanned = try? Update(json: body)
            let decoded = try? JSONDecoder().decode(Update.self, from: Data(body))
            if scanned != nil { accepted += 1 }
            // `kind` is the first key but update_id; JSONDecoder's key order is its
            // dictionary's, so only the fields are compared.
            var comparable = scanned
            if let kind = decoded?.kind { comparable?.kind = kind }
            if comparable != decoded {
                disagreements.append(
                    "body \(String(decoding: body.prefix(160), as: UTF8.self)): scanner \(scanned.map { "\($0)" } ?? "refused"), JSONDecoder \(decoded.map { "\($0)" } ?? "refused")"
                )
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(5))")
        #expect(accepted > generated / 3)
    }

    static let grammarCorners = [
        #"{"update_id":1}"#, #" {"update_id":1} "#, #"{"update_id":1}x"#, #"{"update_id":1,}"#,
        #"{"update_id":01}"#, #"{"update_id":-0}"#, #"{"update_id":1.0}"#, #"{"update_id":1.5}"#,
        #"{"update_id":1e3}"#, #"{"update_id":1E+2}"#, #"{"update_id":9223372036854775807}"#,
        #"{"update_id":9223372036854775808}"#, #"{"update_id":-9223372036854775808}"#,
        #"{"update_id":-9223372036854775809}"#, #"{"update_id":1e400}"#, #"{"update_id":"1"}"#,
        #"{"update_id":null}"#, #"{"update_id":true}"#, #"{"update_id":-}"#, #"{"update_id":1.}"#,
        #"{"update_id":.5}"#, #"{"update_id":1,"update_id":2}"#, #"{"update\u005fid":3}"#,
        #"{"update_id":1,"message":null}"#, #"{"update_id":1,"message":{}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"a\u00e9\ud83d\ude00\/\"\\\b\f\n\r\t"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"\ud83d"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"\ude00"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"\ud83dx"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"\u0000"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"\x"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"\u12"}}"#,
        "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":0,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"a\u{1}b\"}}",
        "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":0,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"tab\there\"}}",
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"entities":[{"type":"bot_command","offset":0,"length":6}],"text":"/price"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"entities":[],"text":"x"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"entities":[{"type":"x","offset":0}]}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"entities":null}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"from":{"id":2,"is_bot":null,"first_name":"A"}}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"from":{"id":2,"is_bot":1}}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":null}}"#,
        #"{"update_id":1,"callback_query":{"id":"7","from":{"id":2},"data":"x","message":{"message_id":1,"date":0,"chat":{"id":1,"type":"group"}}}}"#,
        #"{"update_id":1,"callback_query":{"id":7,"from":{"id":2}}}"#,
        #"{"update_id":1,"callback_query":{"id":"7","from":null}}"#,
        #"{"update_id":1,"my_chat_member":{"a":[1,2.5e-3,true,false,null,"s",{}]}}"#,
        #"{"update_id":1,"x":[1,]}"#, #"{"update_id":1,"x":[,1]}"#, #"{"update_id":1,"x":{"a"}}"#,
        #"{"update_id":1,"x":{"a":1,}}"#, #"{"update_id":1,"x":tru}"#, #"{"update_id":1,"x":nul}"#,
        #"{"update_id":1 "x":1}"#, #"{update_id:1}"#, #"{'update_id':1}"#, "", " ", "[]", "null", "1",
        "{\"update_id\":1}\u{0}", "\u{FEFF}{\"update_id\":1}", #"{"update_id":1,"x":"\u{7F}"}"#,
        #"{"update_id":1,"x":"\x"}"#, "{\"update_id\":1,\"x\":\"a\u{1}b\"}", #"{"update_id":1,"x":"\"}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":null,"text":"x"}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private","id":2}}}"#,
        #"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}},"message":null}"#,
        #"{"update_id":1 , "x" : [ 1 , ] , }"#, #"{"update_id":1,,"x":1}"#, #"{,"update_id":1}"#,
        #"{"update_id":1,"x":[,]}"#,
    ]

    static func run(case index: Int, client: TestClient, server: String, into tally: inout Tally) async {
        var generator = UpdateFuzzer(seed: seed &+ UInt64(index))
        let body = generator.next()
        do {
            let answer = try await client.request(
                server + "/telegram/webhook", method: .POST, body: body,
                headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret), ("Content-Type", "application/json")])
            tally.statuses[answer.status, default: 0] += 1
            guard answer.status == 200, !answer.body.isEmpty else { return }
            tally.inlineReplies += 1
            guard let method = try? JSONDecoder().decode(InlineMethod.self, from: Data(answer.body.utf8)) else {
                tally.problems.append("case \(index): inline reply is not a Bot API call: \(answer.body.prefix(200))")
                return
            }
            // A button press is answered with answerCallbackQuery (nothing shown as HTML).
            if method.method == "answerCallbackQuery" { return }
            guard method.method == "sendMessage",
                let reply = try? JSONDecoder().decode(InlineReply.self, from: Data(answer.body.utf8))
            else {
                tally.problems.append("case \(index): unexpected inline call: \(answer.body.prefix(200))")
                return
            }
            if let problem = TelegramHTML.problem(in: reply.text) {
                tally.problems.append("case \(index): \(problem) in \(reply.text.prefix(200))")
            }
            if TelegramHTML.visibleLength(reply.text, html: true) > 4096 {
                tally.problems.append("case \(index): reply over 4096 characters")
            }
        } catch {
            tally.problems.append("case \(index): \(error)")
        }
    }
}

struct InlineMethod: Decodable {
    var method: String
}

/// Builds one hostile webhook body: a real-shaped update with hostile text, with a value
/// in its JSON tree replaced, or with its bytes flipped, cut, repeated or spliced.
struct UpdateFuzzer {
    /// The simulator's SplitMix64: the same sequence on every machine for a seed.
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let commands = [
        "/start", "/help", "/price", "/top10", "/analysis", "/volume", "/cvd", "/volscan", "/oi", "/balance",
        "/positions", "/pnl", "/settings", "/price@MarketAssistDemoBot", "/price@OtherBot", "/", "//", "/moon",
    ]
    static let words = [
        "BTC", "eth", "SOL", "all", "okx", "bybit", "binance", "1h", "4h", "1d", "24", "-1", "0", "999999999999",
        "1e308", "NaN", "<script>alert(1)</script>", "&amp;", "&lt;", "&#0;", "&", "<", ">", "\"", "'",
        "\u{202E}RTL\u{202C}", "\u{200F}", "\u{0000}", "../../etc/passwd", "%00", "BTC/USDT", "BTC-USDT-SWAP",
        "🚀", "𝔹𝕋ℂ", "e\u{0301}", String(repeating: "A", count: 300), "exchange", "default", "gainers", "perp",
    ]
    static let hostileStrings = [
        "", " ", "<b>", "</b>", "<a href=\"javascript:x\">", "&", "&#x110000;", "\u{FEFF}", "\u{202E}", "\\",
        String(repeating: "€", count: 5000), String(repeating: "/", count: 3000),
    ]

    mutating func pick<T>(_ list: [T]) -> T { list[Int.random(in: 0..<list.count, using: &random)] }

    mutating func text() -> String {
        var parts = [pick(Self.commands)]
        for _ in 0..<Int.random(in: 0...5, using: &random) { parts.append(pick(Self.words)) }
        if Int.random(in: 0..<50, using: &random) == 0 {
            parts += Array(repeating: "x", count: Int.random(in: 100...10_000, using: &random))
        }
        return parts.joined(separator: Bool.random(using: &random) ? " " : "  ")
    }

    mutating func update() -> [String: Any] {
        let id = Int.random(in: 1...2_000_000_000, using: &random)
        let chatID =
            Bool.random(using: &random)
            ? Int.random(in: 1...9_999_999, using: &random) : -Int.random(in: 1...9_999_999_999, using: &random)
        let chat: [String: Any] = [
            "id": chatID, "type": chatID > 0 ? "private" : pick(["group", "supergroup", "channel"]),
            "first_name": "Fuzz",
        ]
        let message: [String: Any] = [
            "message_id": id, "date": 1_735_690_000, "chat": chat,
            "from": ["id": abs(chatID), "first_name": pick(["Fuzz", "<b>x</b>", "&"])],
            "text": text(),
            "entities": [["type": "bot_command", "offset": 0, "length": Int.random(in: 0...40, using: &random)]],
        ]
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ["update_id": id, "edited_message": message]
        case 1: return ["update_id": id, "channel_post": message]
        case 2:
            return [
                "update_id": id,
                "callback_query": [
                    "id": String(id), "from": ["id": abs(chatID), "first_name": "Fuzz"], "message": message,
                    "chat_instance": "1", "data": text(),
                ] as [String: Any],
            ]
        default: return ["update_id": id, "message": message]
        }
    }

    mutating func value(depth: Int = 0) -> Any {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return NSNull()
        case 1: return Bool.random(using: &random)
        case 2: return Int.random(in: Int.min...Int.max, using: &random)
        case 3: return Double.random(in: -1e300...1e300, using: &random)
        case 4: return pick(Self.hostileStrings)
        case 5: return text()
        case 6: return depth > 3 ? [] : (0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth + 1) }
        case 7: return depth > 3 ? [:] : ["id": value(depth: depth + 1), "type": value(depth: depth + 1)]
        default: return pick(Self.words)
        }
    }

    /// Replaces, removes or adds one value somewhere in the tree.
    mutating func mutate(_ node: Any, depth: Int = 0) -> Any {
        if var object = node as? [String: Any], !object.isEmpty, depth < 4 {
            let key = pick(object.keys.sorted())
            switch Int.random(in: 0..<5, using: &random) {
            case 0: object[key] = nil
            case 1: object[pick(["text", "chat", "id", "update_id", "from", "message", "x"])] = value()
            case 2: object[key] = value()
            default: object[key] = mutate(object[key]!, depth: depth + 1)
            }
            return object
        }
        if var array = node as? [Any], !array.isEmpty {
            let index = Int.random(in: 0..<array.count, using: &random)
            array[index] = mutate(array[index], depth: depth + 1)
            return array
        }
        return value()
    }

    mutating func next() -> [UInt8] {
        let tree = update()
        let strategy = Int.random(in: 0..<10, using: &random)
        let shaped = strategy < 4 ? tree : mutate(tree)
        // Sorted keys: a dictionary's order changes from process to process, the bytes must not.
        var bytes = Array(
            (try? JSONSerialization.data(withJSONObject: shaped, options: [.sortedKeys])) ?? Data("{}".utf8))
        if strategy >= 7 {
            for _ in 0..<Int.random(in: 1...8, using: &random) { mutateBytes(&bytes) }
        }
        return bytes
    }

    mutating func mutateBytes(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else {
            bytes = [UInt8.random(in: 0...255, using: &random)]
            return
        }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        case 1: bytes.insert(pick(Array(#"{}[]",:"\0 "#.utf8) + [0xFF, 0xC3, 0x80]), at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)))
        case 3: bytes = Array(bytes.prefix(at))
        case 4:
            let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        default: bytes[at] = UInt8.random(in: 0...255, using: &random)
        }
    }
}
