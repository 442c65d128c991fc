import AssistantTesting
import AsyncHTTPClient
import Logging
import MarketEngine
import MarketSimulator
import Synchronization
import TelegramBotAPI
import Testing

@testable import AssistantCore

/// Every market command through the dispatcher, against the simulator on loopback; the
/// expected numbers come from the simulator's own model.
@Suite struct MarketCommandTests {
    static let now: Int64 = 1_763_700_000_000

    struct Bench {
        let server: SimulatorServer
        let task: Task<Void, any Error>
        let http: HTTPClient
        let dispatcher: Dispatcher
        var exchanges: ExchangeSimulator { server.exchanges }

        func ask(_ text: String) async -> String {
            let update = Update(
                updateID: 1,
                message: Message(
                    messageID: 1, from: User(id: 7), date: 0, chat: Chat(id: 7, type: "private"), text: text))
            return await dispatcher.replies(to: update).compactMap { method -> String? in
                if case .sendMessage(let message) = method { message.text } else { nil }
            }.joined(separator: "\n")
        }

        func stop() async throws {
            await server.stop()
            try await task.value
        }
    }

    func start() async -> Bench {
        var logger = Logger(label: "market-sim")
        logger.logLevel = .warning
        let server = SimulatorServer(botToken: "1:x", frozenTime: Self.now, logger: logger)
        let task = Task { try await server.run() }
        let url = "http://127.0.0.1:\(await server.port())"
        let endpoints = MarketEngine.Endpoints(allAt: url)
        // Shared: no shutdown to forget when a test fails early.
        let http = HTTPClient.shared
        let engine = MarketEngine(http: http, endpoints: endpoints, policy: .init(initialBackoff: .milliseconds(10)))
        let dispatcher = Dispatcher(
            handlers: CommandCatalog.handlers(extra: CommandCatalog.marketHandlers(engine: engine)), botUsername: nil)
        return Bench(server: server, task: task, http: http, dispatcher: dispatcher)
    }

    @Test(arguments: Exchange.allCases)
    func priceShowsSpotPerpFundingAndBasis(exchange: Exchange) async throws {
        let bench = await start()
        let model = try #require(await bench.exchanges.market("BTC", on: exchange.rawValue))
        let reply = await bench.ask("/price btc \(exchange.rawValue)")
        #expect(reply.hasPrefix("<b>BTC/USDT</b> · \(exchange.displayName)"))
        #expect(reply.contains("Spot <code>\(NumberFormat.price(model.spot))</code>"))
        #expect(reply.contains("Perp mark <code>\(NumberFormat.price(model.markPrice))</code>"))
        #expect(reply.contains("Funding \(NumberFormat.percent(model.fundingRate * 100, decimals: 4)) / 8h"))
        #expect(
            reply.contains(
                "Basis (perp − spot) \(NumberFormat.percent((model.markPrice / model.spot - 1) * 100, decimals: 3))"))
        try await bench.stop()
    }

    @Test func priceAllNamesTheExchangeThatFailed() async throws {
        let bench = await start()
        await bench.exchanges.inject(.init(exchange: "okx", kind: .garbage, count: 20))
        let reply = await bench.ask("/price ETH all")
        #expect(reply.hasPrefix("<b>ETH/USDT</b> on every exchange"))
        #expect(reply.contains("<b>Binance</b> · <code>"))
        #expect(reply.contains("<b>Bybit</b> · <code>"))
        #expect(reply.contains("<b>OKX</b> · OKX answered garbage (not JSON)"))
        for exchange in Exchange.allCases where exchange != .okx {
            #expect(reply.contains("<b>\(exchange.displayName)</b> · <code>"), "\(exchange): \(reply)")
        }
        try await bench.stop()
    }

    @Test func unknownSymbolNamesItAndSuggests() async throws {
        let bench = await start()
        #expect(await bench.ask("/price SOLL") == "Unknown symbol SOLL. Did you mean SOL?")
        #expect(await bench.ask("/price <b>x") == "Unknown symbol &lt;b&gt;x")
        #expect(await bench.ask("/volume") == "Usage: /volume SYMBOL [interval]")
        #expect(await bench.ask("/cvd btc 1h zero") == "Bars must be a number from 2 to 500.")
        try await bench.stop()
    }

    @Test(arguments: Exchange.allCases)
    func top10OrdersByQuoteVolume(exchange: Exchange) async throws {
        let bench = await start()
        let universe = SimulatedUniverse().on(exchange.rawValue)
        let expected = universe.bases.compactMap { universe.market($0, at: Self.now) }.filter(\.hasPerp)
            .sorted { $0.volume * $0.markPrice > $1.volume * $1.markPrice }.prefix(10).map(\.base)
        let reply = await bench.ask("/top10 perp \(exchange.rawValue)")
        let listed = reply.split(separator: "\n").dropFirst().prefix(10).compactMap { line in
            line.split(separator: "<b>").dropFirst().first?.split(separator: "<").first.map(String.init)
        }
        #expect(listed == expected)
        #expect(reply.hasPrefix("<b>Top 10 USDT perps by 24h volume</b> · \(exchange.displayName)"))
        #expect(await bench.ask("/top10 sideways") == "Usage: /top10 [volume|gainers|losers] [spot|perp]")
        try await bench.stop()
    }

    @Test(arguments: Exchange.allCases)
    func volumeComparesTheLastClosedBar(exchange: Exchange) async throws {
        let bench = await start()
        let bars = SimulatedUniverse().on(exchange.rawValue).candles(
            "ETH", interval: 3_600_000, count: 23, at: Self.now, perp: false)
        let candles = bars.map {
            Candle(
                openTime: $0.openTime, open: $0.open, high: $0.high, low: $0.low, close: $0.close, volume: $0.volume,
                quoteVolume: $0.quoteVolume, takerBuyVolume: nil, isClosed: $0.isClosed)
        }
        let expected = try #require(VolumeSpike.measure(candles))
        let reply = await bench.ask("/volume eth 1h \(exchange.rawValue)")
        #expect(reply.contains("Spot "), "\(reply)")
        #expect(reply.contains("\(NumberFormat.fixed(expected.ratioToMean, 2))× mean"), "\(reply)")
        #expect(reply.contains("\(NumberFormat.fixed(expected.ratioToMedian, 2))× median"))
        try await bench.stop()
    }

    @Test func cvdSaysWhereItCameFrom() async throws {
        let bench = await start()
        let binance = await bench.ask("/cvd btc 1h 24")
        #expect(binance.contains("Spot CVD ") && binance.contains("Perp CVD "))
        #expect(binance.contains("taker-buy volume of the last 24 1h bars"))
        let bybit = await bench.ask("/cvd btc bybit")
        #expect(bybit.contains("Bybit: the last 1000 trades since"))
        let okx = await bench.ask("/cvd btc okx")
        #expect(okx.contains("OKX: the last 500 trades since"))
        // Each exchange's own ceiling on recent trades: spot and perp may differ.
        let bitget = await bench.ask("/cvd btc bitget")
        #expect(
            bitget.contains("Bitget: the last 500 trades since") && bitget.contains("Bitget: the last 100 trades since")
        )
        #expect(bitget.contains("(no taker split in its candles)"))
        let gate = await bench.ask("/cvd btc gate")
        #expect(gate.contains("Gate: the last 1000 trades since"))
        let mexc = await bench.ask("/cvd btc mexc")
        #expect(mexc.contains("MEXC: the last 1000 trades since") && mexc.contains("MEXC: the last 100 trades since"))
        try await bench.stop()
    }

    @Test func openInterestAcrossExchanges() async throws {
        let bench = await start()
        let model = try #require(await bench.exchanges.market("BTC"))
        let reply = await bench.ask("/oi BTC")
        for exchange in Exchange.allCases {
            #expect(reply.contains("\n\(exchange.displayName) "), "\(exchange) missing")
        }
        #expect(reply.contains("<b>Total</b> \(NumberFormat.price(model.openInterest * 6)) BTC"))
        #expect(reply.contains("16.7%"))
        #expect(reply.contains("24h "))
        // Bitget and MEXC publish no history: a dash, and the total's changes say over whom.
        let lines = reply.split(separator: "\n").map(String.init)
        for exchange in [Exchange.bitget, .mexc] {
            let line = try #require(lines.first { $0.hasPrefix(exchange.displayName + " ") })
            #expect(line.hasSuffix("% · —"), "\(line)")
        }
        let gate = try #require(lines.first { $0.hasPrefix("Gate ") })
        #expect(gate.contains("24h "), "\(gate)")
        #expect(reply.contains("total's changes over Binance, Bybit, OKX, Gate, the venues with history"))
        try await bench.stop()
    }

    @Test func openInterestOverSixWithOneDown() async throws {
        let bench = await start()
        let model = try #require(await bench.exchanges.market("BTC"))
        await bench.exchanges.inject(.init(exchange: "gate", kind: .status, status: 503, count: 1_000))
        let reply = await bench.ask("/oi BTC")
        #expect(reply.contains("\nGate: ⚠️ Gate is unavailable (HTTP 503)"), "\(reply)")
        for exchange in Exchange.allCases where exchange != .gate {
            #expect(reply.contains("\n\(exchange.displayName) "), "\(exchange) missing")
        }
        #expect(reply.contains("<b>Total</b> \(NumberFormat.price(model.openInterest * 5)) BTC"))
        #expect(reply.contains("20.0%"))
        #expect(reply.contains("total's changes over Binance, Bybit, OKX, the venues with history"))
        try await bench.stop()
    }

    @Test(arguments: Exchange.allCases)
    func volscanListsTheSpikesOfTheTopPerps(exchange: Exchange) async throws {
        let bench = await start()
        let universe = SimulatedUniverse().on(exchange.rawValue)
        let expected = Set(
            universe.bases.compactMap { universe.market($0, at: Self.now) }.filter(\.hasPerp).compactMap {
                market -> String? in
                let bars = universe.candles(market.base, interval: 3_600_000, count: 23, at: Self.now, perp: true).map {
                    Candle(
                        openTime: $0.openTime, open: $0.open, high: $0.high, low: $0.low, close: $0.close,
                        volume: $0.volume,
                        quoteVolume: $0.quoteVolume, takerBuyVolume: nil, isClosed: $0.isClosed)
                }
                return VolumeSpike.measure(bars).map { $0.isSpike(threshold: 2) ? market.base : nil } ?? nil
            })
        let reply = await bench.ask("/volscan 1h 2 \(exchange.rawValue)")
        let listed = Set(
            reply.split(separator: "\n").dropFirst().compactMap { line in
                line.split(separator: "<b>").dropFirst().first?.split(separator: "<").first.map(String.init)
            })
        #expect(!expected.isEmpty)
        #expect(listed == expected)
        try await bench.stop()
    }

    @Test(arguments: Exchange.allCases)
    func analysisCombinesTheSignals(exchange: Exchange) async throws {
        let bench = await start()
        let reply = await bench.ask("/analysis SOL 4h \(exchange.rawValue)")
        // CVD from candles needs Binance's taker split; the others show the rest.
        var parts = [
            "Trend: price", "EMA20", "EMA200", "Momentum: RSI 14", "24h range:", "Volume: last bar",
            "Open interest 24h",
            "Funding", "<b>Reading:</b>", "Data, not advice.",
        ]
        if exchange == .binance { parts.append("CVD (24 bars)") }
        for part in parts {
            #expect(reply.contains(part), "\(exchange) missing \(part)")
        }
        try await bench.stop()
    }

    /// "typing…" is announced for slow commands only, when they have not answered within a
    /// second, and not for a private command that is refused.
    @Test func onlySlowCommandsThatTakeASecondAskForTyping() async {
        let dispatcher = Dispatcher(handlers: CommandCatalog.handlers(), botUsername: "Bot")
        let announced = Mutex<[BotMethod]>([])
        for text in ["/help", "/start", "/balance", "hello", "/moon"] {
            let update = Update(
                updateID: 1, message: Message(messageID: 1, date: 0, chat: Chat(id: 5, type: "private"), text: text))
            let answer = await dispatcher.answer(update) { method in announced.withLock { $0.append(method) } }
            #expect(!answer.methods.isEmpty, "\(text)")
        }
        #expect(announced.withLock { $0 }.isEmpty)

        struct Slow: CommandHandler {
            let descriptor = CommandCatalog.analysis
            let release: AsyncStream<Void>
            var isSlow: Bool { true }
            func run(_ invocation: CommandInvocation) async -> Reply {
                for await _ in release { break }
                return Reply(html: "done")
            }
        }
        let clock = TestClock()
        let (release, releasing) = AsyncStream<Void>.makeStream()
        let slow = Dispatcher(
            handlers: CommandCatalog.handlers(extra: [Slow(release: release)]), botUsername: "Bot",
            clock: clock.appClock)
        var topic = Message(messageID: 1, date: 0, chat: Chat(id: -9, type: "supergroup"), text: "/analysis@Bot")
        topic.isTopicMessage = true
        topic.messageThreadID = 4
        let inTopic = topic
        let (announcements, announcing) = AsyncStream<BotMethod>.makeStream()
        let answering = Task {
            await slow.answer(Update(updateID: 2, message: inTopic)) { method in announcing.yield(method) }
        }
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .milliseconds(999))
        #expect(clock.sleeperCount == 1, "not yet a second: still waiting to announce")
        clock.advance(by: .milliseconds(1))
        var heard = announcements.makeAsyncIterator()
        #expect(await heard.next() == .sendChatAction(SendChatAction(chatID: -9, messageThreadID: 4)))
        releasing.yield()
        let answer = await answering.value
        #expect(answer.command == "analysis" && answer.methods.count == 1)

        // Answered within the second: the announcement is called off.
        let quick = Task {
            await slow.answer(Update(updateID: 3, message: inTopic)) { method in announcing.yield(method) }
        }
        await clock.sleepers(atLeast: 1)
        releasing.yield()
        #expect(await quick.value.methods.count == 1)
        #expect(clock.sleeperCount == 0, "the wait for \"typing…\" ended with the reply")
        announcing.finish()
        #expect(await heard.next() == nil, "nothing more was announced")
    }
}
