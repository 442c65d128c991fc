import AssistantCore
import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// The daily digest over the simulator, on a test clock set to the minutes that matter: at
/// its local minute, once a day across restarts and leaders, after a process was down, across
/// a change of daylight saving time, and with readings shared by every chat due together.
@Suite(.timeLimit(.minutes(2))) struct DigestTests {
    /// 2026-12-07 06:59:00 UTC: 07:59 in Berlin (CET, +1).
    static let beforeEightInBerlin: Int64 = 1_796_626_740_000

    func digests(_ bench: AlertTests.Bench) async -> [TelegramSimulator.RecordedCall] {
        await bench.accepted().filter { $0.text?.contains("Daily digest") == true }
    }

    @Test func aDigestGoesAtItsLocalMinuteOnceADay() async throws {
        let clock = TestClock(epochMilliseconds: Self.beforeEightInBerlin)
        try await AlertTests().withBench(clock: clock) { (bench) async throws in
            let set = await bench.command("/digest 08:00 Europe/Berlin")
            #expect(set.contains("08:00") && set.contains("Europe/Berlin"), "\(set)")
            _ = await bench.command("/watch BTC ETH")
            #expect(await bench.pass(after: .seconds(45)).isEmpty, "07:59:45 in Berlin")
            let sent = await bench.pass(after: .seconds(30))
            #expect(sent.count == 1, "08:00:15 in Berlin: \(sent)")
            let digest = try #require(sent.first)
            #expect(digest.contains("Daily digest") && digest.contains("2026-12-07"), "\(digest)")
            #expect(digest.contains("BTC") && digest.contains("ETH") && digest.contains("Biggest movers"))
            #expect(!digest.contains("Top 10"), "the watchlist, not the top 10")
            // The rest of the day: nothing; a restarted process does not send it again.
            #expect(await bench.pass(after: .seconds(600)).isEmpty)
            clock.advance(by: .seconds(60))
            #expect(await bench.anotherMonitor().pass().digests == 0, "a restart the same day")
            // The next day at 08:00 Berlin: the next.
            clock.advance(by: .seconds(86_400 - 690))  // 06:59:45 UTC the next day
            #expect(await bench.pass(after: .seconds(30)).count == 1)
            #expect(await digests(bench).count == 2)
        }
    }

    @Test func twoLeadersAtTheMinuteJournalOneDigest() async throws {
        let clock = TestClock(epochMilliseconds: Self.beforeEightInBerlin)
        try await AlertTests().withBench(clock: clock) { (bench) async throws in
            try await twoLeadersJournalOne(bench)
        }
    }

    @Test func twoLeadersOnPostgreSQLJournalOneDigest() async throws {
        let clock = TestClock(epochMilliseconds: Self.beforeEightInBerlin)
        try await withPostgresStore(clock: clock.appClock) { (store) async throws in
            try await AlertTests().withBench(stores: store.stores, clock: clock) { (bench) async throws in
                try await twoLeadersJournalOne(bench)
            }
        }
    }

    /// Two leaders overlapping at the minute (or a restart mid-pass) post the digest at once:
    /// one claims the day, the other withdraws its copy; the pass sends the one.
    func twoLeadersJournalOne(_ bench: AlertTests.Bench) async throws {
        _ = await bench.command("/digest 07:00")  // UTC
        let (one, two) = (
            DigestPoster(stores: bench.stores, engine: bench.market.engine),
            DigestPoster(stores: bench.stores, engine: bench.market.engine)
        )
        bench.clock.advance(by: .seconds(75))
        async let a = one.postDue()
        async let b = two.postDue()
        let posted = try await a + b
        #expect(posted == 1)
        #expect(try await bench.stores.firedAlerts.allRecords().count == 1, "the loser's copy withdrawn")
        #expect(await bench.pass(after: .seconds(1)).count == 1)
        #expect(await bench.pass(after: .seconds(60)).isEmpty, "claimed for the day")
        #expect(try await bench.stores.firedAlerts.allRecords().isEmpty)
    }

    @Test func aDigestDueWhileDownGoesWithinTheHourOnly() async throws {
        let clock = TestClock(epochMilliseconds: Self.beforeEightInBerlin)
        try await AlertTests().withBench(clock: clock) { (bench) async throws in
            _ = await bench.command("/digest 07:00 UTC")
            _ = await bench.command("/digest 05:30", chat: Chat(id: 43, type: "private"))
            // Down from 06:59 to 07:45 UTC: 07:00 is 45 minutes late, 05:30 more than an hour.
            let sent = await bench.passDelivering(after: .seconds(46 * 60))
            #expect(sent.map(\.chat) == [42], "\(sent)")
            #expect(await bench.pass(after: .seconds(600)).isEmpty)
        }
    }

    @Test func aDigestOnTheDayClocksSpringForward() async throws {
        // 2027-03-27 12:00 UTC; Berlin moves from 02:00 CET to 03:00 CEST on 2027-03-28 at
        // 01:00 UTC: 02:30 does not exist that night, and the digest goes at 03:30 CEST.
        let clock = TestClock(epochMilliseconds: 1_806_148_800_000)
        try await AlertTests().withBench(clock: clock) { (bench) async throws in
            _ = await bench.command("/digest 02:30 Europe/Berlin")
            // The 28th, 01:29 UTC (03:29 CEST): not yet.
            #expect(await bench.pass(after: .seconds(1_806_197_340 - 1_806_148_800)).isEmpty)
            let sent = await bench.pass(after: .seconds(120))  // 01:31 UTC, 03:31 CEST
            #expect(sent.count == 1 && sent[0].contains("2027-03-28"), "\(sent)")
            // The 29th at 02:30 CEST is 00:30 UTC: 23 hours later.
            #expect(await bench.pass(after: .seconds(22 * 3600 + 57 * 60)).isEmpty, "00:28 UTC")
            let next = await bench.pass(after: .seconds(180))
            #expect(next.count == 1 && next[0].contains("2027-03-29"), "\(next)")
        }
    }

    @Test func digestsDueTogetherShareTheirReadings() async throws {
        let clock = TestClock(epochMilliseconds: Self.beforeEightInBerlin)
        try await AlertTests().withBench(clock: clock) { (bench) async throws in
            /// Requests to the exchange the digests read (their chats' exchange, Binance).
            func requests() async -> Int { await bench.market.exchanges.requests("binance") }
            // One chat's digest at 07:00 UTC, then 100 chats' at 07:05: the same requests. The
            // 100 are written to the stores as `/watch` and `/digest` would (the commands' own
            // readings are not what is measured, and 200 commands slowed the whole suite).
            _ = await bench.command("/watch BTC ETH SOL")
            _ = await bench.command("/digest 07:00 UTC")
            let watchlist = Watchlist(store: bench.stores.watchlists)
            let schedule = DigestSchedule(
                minuteOfDay: 7 * 60 + 5, zone: "UTC", exchange: .binance, language: .english, lastDay: "2026-12-06")
            for chat in Int64(1000)..<1100 {
                _ = try await watchlist.add(["BTC", "ETH", "SOL"], to: chat)
                try await bench.stores.digests.replaceOnly(chatID: chat, payload: schedule.payload)
            }
            var before = await requests()
            #expect(await bench.pass(after: .seconds(75)).count == 1)
            let one = await requests() - before
            #expect(one > 0)
            before = await requests()
            let sent = await bench.pass(after: .seconds(300))
            #expect(sent.count == 100, "every chat's digest")
            #expect(await requests() - before == one, "100 digests cost the requests of one")
        }
    }

    @Test func digestNowOffAndMistakes() async throws {
        try await AlertTests().withBench { (bench) async throws in
            #expect(await bench.command("/digest").contains("No daily digest"))
            let now = await bench.command("/digest now")
            #expect(now.contains("Daily digest") && now.contains("Top 10"), "nothing watched: the top 10\n\(now)")
            #expect(await bench.command("/digest 25:00").contains("not a time of day"))
            #expect(await bench.command("/digest 08:00 Mars/Olympus").contains("not a time zone"))
            #expect(await bench.command("/digest 08:00 america/new_york").contains("America/New_York"))
            #expect(await bench.command("/digest").contains("08:00"))
            #expect(await bench.command("/digest off").contains("stopped"))
            #expect(await bench.command("/digest off").contains("no daily digest"))
        }
    }
}
