import AssistantCore
import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// Quiet hours (`/settings quiet 23:00-07:00 UTC [silent|hold]`) over the simulated Bot API:
/// the bench's clock starts on 2026-12-07 at 22:30 UTC and is moved by hand across the night.
@Suite(.timeLimit(.minutes(2))) struct QuietHoursTests {
    /// 2026-12-07T22:30:00Z.
    static let evening: Int64 = 1_796_682_600_000

    static func minutes(_ count: Int64) -> Duration { .seconds(count * 60) }

    /// `BTC crossed above 110.0000 on Binance: 111.0000`.
    static func crossed(_ level: Double, _ value: Double) -> String {
        "BTC crossed above \(NumberFormat.price(level)) on Binance: \(NumberFormat.price(value))"
    }

    func withEvening(_ body: (AlertTests.Bench) async throws -> Void) async throws {
        try await AlertTests().withBench(clock: TestClock(epochMilliseconds: Self.evening)) { (bench) async throws in
            #expect(UTCClock.timeOfDay(epochSeconds: bench.clock.wallMilliseconds / 1000) == "22:30:00")
            await bench.script("BTC", spot: 100)
            try await body(bench)
        }
    }

    @Test func silentHoursSendWithoutSoundInsideAndWithSoundOutside() async throws {
        try await withEvening { (bench) async throws in
            let reply = await bench.command("/settings quiet 23:00-07:00 UTC")
            #expect(reply.contains("Quiet hours: 23:00–07:00 (UTC), alerts without sound"), "\(reply)")

            // 22:45: not yet quiet.
            #expect(await bench.command("/alert BTC above 105").contains("Alert"))
            await bench.script("BTC", spot: 106)
            let before = await bench.pass(after: Self.minutes(15))
            #expect(before.count == 1 && before[0].contains(Self.crossed(105, 106)), "\(before)")
            #expect(await bench.accepted().last?.disableNotification == nil, "before 23:00: with sound")

            // 23:10: quiet.
            #expect(await bench.command("/alert BTC above 110").contains("Alert"))
            await bench.script("BTC", spot: 111)
            let inside = await bench.pass(after: Self.minutes(25))
            #expect(inside.count == 1 && inside[0].contains(Self.crossed(110, 111)), "\(inside)")
            let silent = try #require(await bench.accepted().last)
            #expect(silent.disableNotification == true, "23:10: without sound")
            #expect(silent.chatID == AlertTests.Bench.chat.id)

            // 07:10 the next morning: over.
            #expect(await bench.command("/alert BTC above 120").contains("Alert"))
            await bench.script("BTC", spot: 121)
            let morning = await bench.pass(after: Self.minutes(8 * 60))
            #expect(morning.count == 1 && morning[0].contains(Self.crossed(120, 121)), "\(morning)")
            #expect(await bench.accepted().last?.disableNotification == nil, "07:10: with sound")
            #expect(await bench.accepted().count == 3)
        }
    }

    @Test func heldAlertsGoAsOneMessageWhenTheQuietHoursEnd() async throws {
        try await withEvening { (bench) async throws in
            let reply = await bench.command("/settings quiet 23:00-07:00 UTC hold")
            #expect(reply.contains("Quiet hours: 23:00–07:00 (UTC), alerts held until they end"), "\(reply)")
            for level in [110, 120, 130] {
                #expect(await bench.command("/alert BTC above \(level)").contains("Alert"))
            }
            // 23:10, 01:10, 03:10: each fires, none is sent.
            let night: [(minutes: Int64, price: Double, held: Int)] = [(40, 115, 1), (120, 125, 2), (120, 135, 3)]
            for (step, price, count) in night {
                await bench.script("BTC", spot: price)
                #expect(await bench.pass(after: Self.minutes(step)).isEmpty, "held at \(price)")
                #expect(try await bench.stores.firedAlerts.allRecords().count == count)
            }
            #expect(try await bench.stores.alerts.allRecords().isEmpty, "all three fired")
            // 06:55: still quiet.
            #expect(await bench.pass(after: Self.minutes(225)).isEmpty)
            #expect(try await bench.stores.firedAlerts.allRecords().count == 3)
            #expect(await bench.accepted().isEmpty)

            // 07:05: what waited, as one message.
            let morning = await bench.pass(after: Self.minutes(10))
            #expect(morning.count == 1, "\(morning)")
            let message = try #require(morning.first)
            #expect(message.contains("3 alerts fired during your quiet hours"), "\(message)")
            let lines: [(level: Double, value: Double, time: String)] = [
                (110, 115, "23:10:00"), (120, 125, "01:10:00"), (130, 135, "03:10:00"),
            ]
            for (level, value, time) in lines {
                #expect(message.contains(Self.crossed(level, value) + " · \(time) UTC"), "\(level): \(message)")
            }
            #expect(await bench.accepted().count == 1)
            #expect(await bench.accepted().first?.disableNotification == nil)
            #expect(try await bench.stores.firedAlerts.allRecords().isEmpty, "the outbox is empty")
            #expect(await bench.pass(after: Self.minutes(10)).isEmpty)
        }
    }

    @Test func quietHoursOffRemovesThem() async throws {
        try await withEvening { (bench) async throws in
            _ = await bench.command("/settings quiet 23:00-07:00 UTC")
            #expect(await bench.command("/settings").contains("Quiet hours: 23:00–07:00 (UTC)"))
            #expect(try await bench.stores.quietHours.allRecords().count == 1)

            let off = await bench.command("/settings quiet off")
            #expect(off.contains("Quiet hours: none"), "\(off)")
            let shown = await bench.command("/settings")
            #expect(shown.contains("Quiet hours: none") && !shown.contains("Quiet hours: 23:00"), "\(shown)")
            #expect(try await bench.stores.quietHours.allRecords().isEmpty)

            // 23:10 is no longer quiet: the alert comes with sound.
            #expect(await bench.command("/alert BTC above 110").contains("Alert"))
            await bench.script("BTC", spot: 111)
            let fired = await bench.pass(after: Self.minutes(40))
            #expect(fired.count == 1 && fired[0].contains(Self.crossed(110, 111)), "\(fired)")
            #expect(await bench.accepted().last?.disableNotification == nil)
        }
    }
}
