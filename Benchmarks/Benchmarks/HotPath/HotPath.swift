import AssistantCore
import AsyncHTTPClient
import Benchmark
import Foundation
import MarketEngine
import MarketSimulator
import TelegramBotAPI

/// The hot path of one update, piece by piece: time and mallocs per operation.
/// `make bench-check` compares a run with the thresholds stored in Thresholds/ (names
/// without spaces or slashes: the stored file names must match them as written).
let benchmarks: @Sendable () -> Void = {
    // Allocations are deterministic: a few more per operation is a regression. Time is
    // noisy on a shared 2-core machine — the same binary measured 4.9 and 11 µs for
    // DecodeUpdate two minutes apart — so only a change beyond 2.5× counts.
    // `make bench-check` compares the p90 of each metric with the stored one.
    let tolerances: [BenchmarkMetric: BenchmarkThresholds] = [
        .mallocCountTotal: .init(relative: [.p90: 5.0], absolute: [.p90: 2]),
        .wallClock: .init(relative: [.p90: 150.0]),
    ]
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal], warmupIterations: 20, maxDuration: .seconds(3),
        maxIterations: 20_000, thresholds: tolerances)

    let update = Array(
        #"{"update_id":912345678,"message":{"message_id":4521,"from":{"id":123456789,"is_bot":false,"first_name":"Ada","username":"ada","language_code":"en"},"chat":{"id":123456789,"first_name":"Ada","username":"ada","type":"private"},"date":1735690000,"text":"/price BTC","entities":[{"offset":0,"length":6,"type":"bot_command"}]}}"#
            .utf8)
    // What the webhook does with every body (JSONScanner), and JSONDecoder for comparison.
    Benchmark("DecodeUpdate") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? Update(json: update))
        }
    }
    Benchmark("DecodeUpdateWithJSONDecoder") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONDecoder().decode(Update.self, from: Data(update)))
        }
    }

    // The inline reply written as the webhook response body.
    let reply = BotMethod.sendMessage(
        SendMessage(
            chatID: 123_456_789,
            text: "<b>BTC</b> spot 63,512.40 · perp 63,540.10 · basis +0.04% · funding 0.0100% (8h) — Binance"))
    Benchmark("EncodeInlineReply") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(reply.webhookResponseJSON())
        }
    }

    // A long reply with entities to escape: 400 lines of a table.
    let long = (0..<400).map { "BTC/USDT <b>\($0)</b> & 63,512.40 → +1.25% \"funding\" 0.0100%" }.joined(
        separator: "\n")
    Benchmark("EscapeAndSplit25KBMessage") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MessageSplitter.split(HTML.escape(long)))
        }
    }

    Benchmark(
        "DispatchAndRenderPriceWarmCache",
        closure: { benchmark, state in
            for _ in benchmark.scaledIterations {
                blackHole(await state.dispatcher.replies(to: state.update))
            }
        },
        setup: { try await WarmDispatcher.make() })
}

/// A dispatcher over an engine whose cache was filled from the simulator, so the measured
/// path does no I/O: parse, look up, render, split.
struct WarmDispatcher: Sendable {
    let dispatcher: Dispatcher
    let update: Update

    static func make() async throws -> WarmDispatcher {
        let simulator = SimulatorServer(botToken: "1:benchmark-token-aaaaaaaaaaaaaaa")
        Task { try await simulator.run() }
        let url = "http://127.0.0.1:\(await simulator.port())"
        // Entries live for the whole run: every iteration is a cache hit.
        var freshness = MarketEngine.Freshness()
        freshness.ticker = .seconds(3600)
        freshness.funding = .seconds(3600)
        let engine = MarketEngine(
            http: HTTPClient(eventLoopGroupProvider: .singleton), endpoints: .init(allAt: url), freshness: freshness)
        let dispatcher = Dispatcher(
            handlers: CommandCatalog.handlers(extra: CommandCatalog.marketHandlers(engine: engine)),
            botUsername: "BenchBot")
        let update = Update(
            updateID: 1,
            message: Message(
                messageID: 1, from: User(id: 7, isBot: false, firstName: "Ada"), date: 0,
                chat: Chat(id: 7, type: "private"), text: "/price BTC"))
        let warm = await dispatcher.replies(to: update)
        guard case .sendMessage(let reply)? = warm.first, reply.text.contains("BTC") else {
            throw WarmUpFailed(replies: "\(warm)")
        }
        return WarmDispatcher(dispatcher: dispatcher, update: update)
    }
}

struct WarmUpFailed: Error {
    let replies: String
}
