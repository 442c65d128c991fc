import AssistantCore
import AssistantTesting
import Foundation
import Logging
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// The exchanges' streams against the simulator's, over real WebSocket connections: every
/// venue's codec reads what its simulated exchange pushes; a dropped stream comes back and
/// subscribes again; a silent one hands its symbols to REST and takes them back; an alert
/// fires from a pushed tick without a REST read.
@Suite(.timeLimit(.minutes(2))) struct StreamTests {
    struct Rig {
        let market: AssistantTesting.SimulatedMarket
        let streams: MarketStreams
        let engine: MarketEngine

        func stop() async {
            streams.stop()
            try? await market.stop()
        }
    }

    func withRig(
        silence: Duration = .seconds(30), clock: AppClock = .system, frozen: Bool = true,
        rotateAfter: Duration = .seconds(23 * 3600), _ body: (Rig) async throws -> Void
    ) async throws {
        var freshness = MarketEngine.Freshness()
        (freshness.ticker, freshness.allTickers, freshness.funding) = (.zero, .zero, .zero)
        // Liquidations are dated by the simulator's clock and kept an hour: those tests run on real time.
        let market = await AssistantTesting.SimulatedMarket.start(
            frozenTime: frozen ? AssistantTesting.SimulatedMarket.frozenTime : nil, freshness: freshness)
        var configuration = MarketStreams.Configuration(
            simulatorAt: "ws://127.0.0.1:\(await market.server.streamPort())")
        configuration.silenceLimit = silence
        configuration.rotateAfter = rotateAfter
        var logger = Logger(label: "streams")
        logger.logLevel = .warning
        let streams = MarketStreams(configuration: configuration, clock: .system, logger: logger)
        let engine = MarketEngine(
            http: market.http, endpoints: .init(allAt: market.url), freshness: freshness, clock: clock,
            streams: streams)
        let rig = Rig(market: market, streams: streams, engine: engine)
        try await afterwards({ await rig.stop() }) {
            try await body(rig)
        }
    }

    /// Every streamed venue, spot and perpetual: the streamed ticker is the one REST reads,
    /// and the perpetual's mark and funding too.
    @Test func everyVenueStreamsWhatItsExchangeAnswersOverREST() async throws {
        try await withRig { rig in
            var instruments: [Instrument] = []
            for exchange in Exchange.allCases {
                for market in Market.allCases where StreamVenue.serving(exchange, market) != nil {
                    instruments.append(try await rig.engine.resolve("BTC", on: exchange, market: market))
                }
            }
            #expect(instruments.count == 11)
            rig.streams.follow(alerts: Set(instruments))
            try await until(.seconds(20)) {
                instruments.allSatisfy { rig.streams.ticker($0) != nil }
            }
            let rest = MarketEngine(http: rig.market.http, endpoints: .init(allAt: rig.market.url))
            for instrument in instruments {
                let streamed = try #require(rig.streams.ticker(instrument), "\(instrument)")
                let polled = try await rest.ticker(instrument)
                #expect(abs(streamed.last / polled.last - 1) < 1e-6, "\(instrument.exchange) \(instrument.market)")
                #expect(abs(streamed.changePercent - polled.changePercent) < 0.01, "\(instrument)")
                #expect(abs(streamed.baseVolume / polled.baseVolume - 1) < 1e-3, "\(instrument)")
                guard instrument.market == .perp else { continue }
                let quote = try #require(rig.streams.quote(instrument))
                let funding = try await rest.perpTicker(instrument)
                #expect(abs((quote.markPrice ?? 0) / funding.markPrice - 1) < 1e-6, "\(instrument)")
                #expect(abs((quote.fundingRate ?? 0) - funding.fundingRate) < 1e-9, "\(instrument)")
            }
        }
    }

    /// `/price` for a streamed symbol makes no REST ticker request once the stream speaks.
    @Test func aStreamedPriceIsReadWithoutARequest() async throws {
        try await withRig { rig in
            let instrument = try await rig.engine.resolve("ETH", on: .bybit, market: .spot)
            _ = try await rig.engine.ticker(instrument)  // asked once: subscribed from now on
            try await until { rig.streams.ticker(instrument) != nil }
            let before = await rig.market.exchanges.requests("bybit", path: "/v5/market/tickers")
            await rig.market.exchanges.script("ETH", ScriptedMarket(spot: 4_321))
            await rig.market.server.streams.push(only: "ETH")
            try await until { rig.streams.ticker(instrument)?.last == 4_321 }
            #expect(try await rig.engine.ticker(instrument).last == 4_321)
            #expect(await rig.market.exchanges.requests("bybit", path: "/v5/market/tickers") == before)
        }
    }

    /// A connection the exchange drops is opened again and subscribes to what it carried.
    @Test func aDroppedStreamReconnectsAndSubscribesAgain() async throws {
        try await withRig { rig in
            let instrument = try await rig.engine.resolve("BTC", on: .okx, market: .perp)
            rig.streams.follow(alerts: [instrument])
            try await until { rig.streams.quote(instrument) != nil }
            for kind in [StreamSimulator.Fault.Kind.drop, .close] {
                let opened = await rig.market.server.streams.report["okx"]?.opened ?? 0
                await rig.market.server.streams.inject(.init(venue: "okx", kind: kind))
                try await until(.seconds(10)) {
                    let report = await rig.market.server.streams.report["okx"]
                    return report?.opened == opened + 1 && report?.subscribed == ["perp:BTC"]
                        && rig.streams.quote(instrument) != nil
                }
            }
        }
    }

    /// A silent stream serves nothing (REST answers meanwhile), is replaced, and serves again.
    @Test func aSilentStreamHandsItsSymbolsToRESTAndTakesThemBack() async throws {
        try await withRig(silence: .seconds(2)) { rig in
            let instrument = try await rig.engine.resolve("SOL", on: .gate, market: .perp)
            rig.streams.follow(alerts: [instrument])
            try await until { rig.streams.ticker(instrument) != nil }
            await rig.market.server.streams.inject(.init(venue: "gate-futures", kind: .silence))
            try await until(.seconds(10)) { rig.streams.ticker(instrument) == nil }
            let before = await rig.market.exchanges.requests("gate")
            _ = try await rig.engine.ticker(instrument)
            #expect(await rig.market.exchanges.requests("gate") > before, "read over REST while silent")
            try await until(.seconds(15)) { rig.streams.ticker(instrument) != nil }
            #expect(await rig.market.server.streams.report["gate-futures"]?.opened == 2)
        }
    }

    /// A connection due for replacement (the exchanges cut at 24 h; here after 4 s) opens its
    /// successor first and closes once the successor has spoken: the quote is served
    /// throughout, and never more than two connections are open.
    @Test func aConnectionIsReplacedWithItsSuccessorOpenFirst() async throws {
        // 4 s: longer than a retiring connection's close handshake (up to 2 s), so that one
        // replacement is over before the next begins.
        try await withRig(rotateAfter: .seconds(4)) { rig in
            let instrument = try await rig.engine.resolve("BTC", on: .bybit, market: .perp)
            rig.streams.follow(alerts: [instrument])
            try await until { rig.streams.quote(instrument) != nil }
            var unserved = 0
            var most = 0
            try await until(.seconds(40)) {
                if rig.streams.quote(instrument) == nil { unserved += 1 }
                let report = await rig.market.server.streams.report["bybit-linear"]
                most = max(most, report?.connections ?? 0)
                return (report?.opened ?? 0) >= 3 && report?.connections == 1
            }
            #expect(unserved == 0, "served throughout two replacements")
            #expect(most <= 2)
            #expect(await rig.market.server.streams.report["bybit-linear"]?.subscribed == ["perp:BTC"])
        }
    }

    /// Garbage and a refused subscription are logged and skipped; the stream goes on.
    @Test func garbageAndARefusedSubscriptionLoseNothing() async throws {
        try await withRig { rig in
            let btc = try await rig.engine.resolve("BTC", on: .binance, market: .perp)
            let eth = try await rig.engine.resolve("ETH", on: .binance, market: .perp)
            await rig.market.server.streams.inject(.init(venue: "binance-futures", kind: .refuseSubscribe))
            rig.streams.follow(alerts: [btc])
            // BTC's subscription refused before ETH's is asked for.
            try await until { await rig.market.server.streams.report["binance-futures"]?.subscribeRequests ?? 0 >= 1 }
            await rig.market.server.streams.inject(.init(venue: "binance-futures", kind: .garbage))
            rig.streams.follow(alerts: [btc, eth])
            try await until { rig.streams.ticker(eth) != nil }
            #expect(rig.streams.ticker(btc) == nil, "refused: BTC stays on REST")
            #expect(await rig.market.server.streams.report["binance-futures"]?.opened == 1)
        }
    }

    /// A price alert fires from the pushed tick, within the stream's delivery, with no REST
    /// read of the price after the stream is up.
    @Test func anAlertFiresFromAPushedTickWithoutARESTRead() async throws {
        let clock = TestClock()
        try await withRig(clock: clock.appClock) { rig in
            let stores = MemoryStores().stores
            let sink = BotAPIReplySink(
                client: BotAPIClient(httpClient: rig.market.http, baseURL: rig.market.url, token: "1:x"),
                pacer: SendPacer(policy: .unthrottled, clock: clock.appClock),
                counters: PipelineCounters(factory: ServerMetrics().factory), clock: clock.appClock,
                status: BotAPIStatus(), logger: Logger(label: "alerts"))
            let monitor = AlertMonitor(
                stores: stores, engine: rig.engine, sink: sink, logger: Logger(label: "alerts"),
                clock: clock.appClock)
            await rig.market.exchanges.script("BTC", ScriptedMarket(spot: 100_000))
            let command = AlertCommand(
                store: stores.alerts, readings: AlertReadings(engine: rig.engine), limit: 5, canDeliver: true)
            let created = await command.run(
                CommandInvocation(
                    command: ParsedCommand(name: "alert", arguments: ["BTC", "above", "110000"]),
                    chat: Chat(id: 42, type: "private"), sender: nil)
            ).html
            #expect(created.contains("BTC above 110,000.00 on Binance"), "\(created)")
            let running = Task { await monitor.run(every: .seconds(3600)) }
            defer { running.cancel() }
            let spot = try await rig.engine.resolve("BTC", on: .binance, market: .spot)
            try await until { rig.streams.ticker(spot)?.last == 100_000 }
            let before = await rig.market.exchanges.requests("binance", path: "/api/v3/ticker/24hr")
            await rig.market.exchanges.script("BTC", ScriptedMarket(spot: 110_500))
            await rig.market.server.streams.push(only: "BTC")
            try await until(.seconds(10)) {
                await rig.market.server.telegram.recorded(method: "sendMessage").contains {
                    $0.text?.contains("BTC crossed above 110,000.00 on Binance: 110,500.00") == true
                }
            }
            #expect(await rig.market.exchanges.requests("binance", path: "/api/v3/ticker/24hr") == before)
            #expect(try await stores.alerts.allRecords().isEmpty, "one-shot")
        }
    }
}

extension StreamTests {
    /// `/liquidations`: each exchange's longs and shorts in USDT (OKX's and Gate's contracts
    /// turned into coins), the largest, the other symbols left out or in, and the sampled
    /// exchanges named.
    @Test func liquidationsAreSummedPerExchangeInUSDTWithTheLargest() async throws {
        try await withRig(frozen: false) { rig in
            let first = try await LiquidationsReport.make(engine: rig.engine, symbol: "BTC")
            #expect(first.tallies.map(\.exchange) == [.binance, .bybit, .okx, .gate])
            try await until {
                let report = try await LiquidationsReport.make(engine: rig.engine, symbol: "BTC")
                let subscribed = await Self.liquidationsSubscribed(rig.market.server.streams)
                return subscribed && report.tallies.allSatisfy { $0.listeningSince != nil }
            }
            let streams = rig.market.server.streams
            await streams.push(SimulatedLiquidation(base: "BTC", side: "long", price: 100_000, quantity: 2))
            await streams.push(
                SimulatedLiquidation(exchange: "binance", base: "BTC", side: "short", price: 100_000, quantity: 1))
            await streams.push(
                SimulatedLiquidation(exchange: "okx", base: "ETH", side: "long", price: 3_000, quantity: 10))
            try await until {
                let report = try await LiquidationsReport.make(engine: rig.engine, symbol: "BTC")
                // OKX and Gate count contracts: coins come back through their contract value.
                return abs(report.longs - 800_000) < 1e-3 && abs(report.shorts - 100_000) < 1e-3
            }
            let report = try await LiquidationsReport.make(engine: rig.engine, symbol: "BTC")
            for tally in report.tallies {
                #expect(abs(tally.longs - 200_000) < 1e-6, "\(tally.exchange): 2 BTC at 100,000")
                #expect(tally.shorts == (tally.exchange == .binance ? 100_000 : 0))
            }
            #expect(report.largest?.notional == 200_000)
            #expect(report.largest?.side == .long)
            let everything = try await LiquidationsReport.make(engine: rig.engine, symbol: nil)
            #expect(abs(everything.longs - 830_000) < 1e-6, "ETH's 30,000 on OKX counts for every symbol")
            let text = LiquidationsRenderer.render(report, in: .english)
            #expect(text.contains("<b>BTC liquidations</b>"), "\(text)")
            #expect(text.contains("Binance longs $200.0K · shorts $100.0K · 2"), "\(text)")
            #expect(text.contains("lower bounds"), "\(text)")
            #expect(!text.contains("Bybit,") && !text.contains("Bybit and"), "Bybit publishes every liquidation")
        }
    }

    /// `/alert BTC liquidations above 500K 5m` fires once the four exchanges' liquidations
    /// of BTC in the window reach it, and not before.
    @Test func aLiquidationAlertFiresWhenTheWindowsSumReachesTheAmount() async throws {
        try await withRig(frozen: false) { rig in
            let stores = MemoryStores().stores
            let sink = BotAPIReplySink(
                client: BotAPIClient(httpClient: rig.market.http, baseURL: rig.market.url, token: "1:x"),
                pacer: SendPacer(policy: .unthrottled, clock: AppClock.system),
                counters: PipelineCounters(factory: ServerMetrics().factory), clock: AppClock.system,
                status: BotAPIStatus(), logger: Logger(label: "alerts"))
            let monitor = AlertMonitor(
                stores: stores, engine: rig.engine, sink: sink, logger: Logger(label: "alerts"), clock: AppClock.system)
            let command = AlertCommand(
                store: stores.alerts, readings: AlertReadings(engine: rig.engine), limit: 5, canDeliver: true)
            let created = await command.run(
                CommandInvocation(
                    command: ParsedCommand(name: "alert", arguments: ["BTC", "liquidations", "above", "500K", "5m"]),
                    chat: Chat(id: 42, type: "private"), sender: nil)
            ).html
            #expect(created.contains("BTC liquidations above $500.0K within 5m"), "\(created)")
            await monitor.pass()  // follows the alert: the liquidation feeds start
            try await until {
                let report = try await LiquidationsReport.make(engine: rig.engine, symbol: "BTC")
                let subscribed = await Self.liquidationsSubscribed(rig.market.server.streams)
                return subscribed && report.tallies.allSatisfy { $0.listeningSince != nil }
            }
            let streams = rig.market.server.streams
            await streams.push(
                SimulatedLiquidation(exchange: "bybit", base: "BTC", side: "short", price: 100_000, quantity: 4))
            try await until {
                abs(try await LiquidationsReport.make(engine: rig.engine, symbol: "BTC").shorts - 400_000) < 1e-3
            }
            await monitor.pass()
            #expect(await rig.market.server.telegram.recorded(method: "sendMessage").isEmpty, "$400K: not yet")
            await streams.push(
                SimulatedLiquidation(exchange: "gate", base: "BTC", side: "long", price: 100_000, quantity: 1.5))
            try await until {
                await monitor.pass()
                return await rig.market.server.telegram.recorded(method: "sendMessage").contains {
                    $0.text?.contains("BTC liquidations reached $550.0K within 5m") == true
                }
            }
            #expect(try await stores.alerts.allRecords().isEmpty, "one-shot")
        }
    }

    /// Whether the simulator has every liquidation subscription the engine makes (a feed
    /// counts from its connection; a push before its subscription reached the simulator
    /// would go nowhere).
    static func liquidationsSubscribed(_ streams: StreamSimulator) async -> Bool {
        let report = await streams.report
        return ["binance-futures", "okx", "gate-futures"].allSatisfy {
            report[$0]?.subscribed.contains("liquidations:*") == true
        } && report["bybit-linear"]?.subscribed.contains("liquidations:BTC") == true
    }

    /// With streams off, `/liquidations` says why there is nothing instead of showing zeros.
    @Test func liquidationsWithStreamsOffSayWhy() async throws {
        try await withSimulatedMarket { market in
            let report = try await LiquidationsReport.make(engine: market.engine, symbol: "BTC")
            #expect(report.streamsOff)
            #expect(LiquidationsRenderer.render(report, in: .english).contains("STREAMS=off"))
        }
    }
}

/// `eventually`, failing the test (and stopping it) when the condition is never met.
private func until(
    _ limit: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let met = try await eventually(within: limit, condition)
    try #require(met, "not met within \(limit)", sourceLocation: sourceLocation)
}
