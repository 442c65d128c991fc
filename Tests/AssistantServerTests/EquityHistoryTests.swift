import AssistantCore
import AssistantTesting
import AsyncHTTPClient
import Foundation
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// Daily equity snapshots in the SQLite file, and `/pnl 7d` reading them.
@Suite struct EquityHistoryTests {
    @Test func snapshotsSurviveReopeningAndFeedPnL() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let engine = MarketEngine(http: http, endpoints: .init(allAt: simulator.url))
        let service = AccountService(
            engine: engine,
            credentials: [
                .binance: ExchangeCredentials(
                    apiKey: SimulatedAccounts.binance.apiKey, secret: SimulatedAccounts.binance.secret)
            ])
        let now = AppClock.system.wallMilliseconds
        let weekAgo = EquityDay.of(milliseconds: now - 7 * 86_400_000)
        let invocation = CommandInvocation(
            command: ParsedCommand(name: "pnl", arguments: ["7d"]), chat: Chat(id: 1, type: "private"), sender: nil)

        do {
            let store = try SQLiteStore(path: folder.path + "/db.sqlite").equity
            let before = await PnLCommand(
                service: service, snapshots: EquitySnapshotter(store: store, accounts: service)
            ).run(invocation).html
            #expect(before.contains("available once daily snapshots reach back to \(weekAgo)"))
            #expect(before.contains("(the first is from \(EquityDay.of(milliseconds: now)))"))  // recorded just now
            try await store.record(day: weekAgo, exchange: .binance, equity: Decimal(string: "30000.5")!)
        }
        let reopened = try SQLiteStore(path: folder.path + "/db.sqlite").equity
        #expect(try await reopened.equity(on: weekAgo) == [.binance: Decimal(string: "30000.5")!])
        let after = await PnLCommand(service: service, snapshots: EquitySnapshotter(store: reopened, accounts: service))
            .run(invocation).html
        #expect(after.contains("<b>Equity</b> $30,000.50 on \(weekAgo) → $"))
        #expect(try await reopened.equity(on: EquityDay.of(milliseconds: now))[.binance] != nil)

        try await http.shutdown()
        await simulator.stop()
    }

    /// The hourly pass: today's equity is recorded once, when it is missing, by the one writer.
    @Test func theSnapshotterRecordsTodayOnlyWhenMissing() async throws {
        try await withSimulator { simulator in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let engine = MarketEngine(http: http, endpoints: .init(allAt: simulator.url))
            let keys = ExchangeCredentials(
                apiKey: SimulatedAccounts.binance.apiKey, secret: SimulatedAccounts.binance.secret)
            let store = MemoryStores().stores.equity
            let now = AppClock.system.wallMilliseconds
            let unconfigured = EquitySnapshotter(
                store: store, accounts: AccountService(engine: engine, credentials: [:]))
            #expect(await unconfigured.snapshotIfMissing(now: now) == false, "no keys: nothing to read")
            let snapshotter = EquitySnapshotter(
                store: store, accounts: AccountService(engine: engine, credentials: [.binance: keys]))
            #expect(await snapshotter.snapshotIfMissing(now: now))
            let recorded = try await store.equity(on: EquityDay.of(milliseconds: now))
            #expect(recorded.keys.sorted { $0.rawValue < $1.rawValue } == [.binance])
            #expect(await snapshotter.snapshotIfMissing(now: now) == false, "today has one already")
            try await http.shutdown()
        }
    }
}
