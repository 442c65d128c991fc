import AssistantCore
import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// Repeating alerts (`every`), lifetimes (`for`) and snoozes over the simulator, pass by pass
/// on the test clock (`AlertTests.Bench`).
@Suite(.timeLimit(.minutes(2))) struct RepeatingAlertTests {
    /// The id `/alert` answered with (`#12`).
    static func id(in reply: String) throws -> Int64 {
        let digits = reply.split(separator: "#").dropFirst().first?.prefix { $0.isNumber } ?? ""
        return try #require(Int64(digits), "\(reply)")
    }

    @Test func aRepeatingAlertFiresAgainOnlyAfterARetraceAndItsCooldown() async throws {
        try await AlertTests().withBench { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            let created = await bench.command("/alert BTC above 110000 every 1h")
            #expect(created.contains("every 1h"), "\(created)")
            await bench.script("BTC", spot: 110_500)
            let first = await bench.pass()
            #expect(first.count == 1 && first[0].contains("crossed above 110,000.00"), "\(first)")
            #expect(first.first?.contains("every 1h") == true)
            #expect(try await bench.stores.alerts.allRecords().count == 1, "a repeating alert stays")
            // Hovering above the level: no repeat.
            for price in [111_000.0, 112_000, 110_200] {
                await bench.script("BTC", spot: price)
                #expect(await bench.pass().isEmpty, "hovering at \(price)")
            }
            // Back below re-arms it; crossing again within the cooldown does not fire…
            await bench.script("BTC", spot: 109_000)
            #expect(await bench.pass().isEmpty)
            let list = await bench.command("/alerts")
            #expect(list.contains("every 1h") && list.contains("last fired"), "\(list)")
            await bench.script("BTC", spot: 110_300)
            #expect(await bench.pass(after: .seconds(60)).isEmpty, "an hour has not passed since it fired")
            // …and fires once the cooldown is over, with the price still past the level.
            let again = await bench.pass(after: .seconds(3600))
            #expect(again.count == 1 && again[0].contains("110,300.00"), "\(again)")
            // Hovering again, for hours: disarmed, nothing.
            #expect(await bench.pass(after: .seconds(3600)).isEmpty, "disarmed again")
            #expect(await bench.pass(after: .seconds(3600)).isEmpty, "disarmed again")
        }
    }

    @Test func aRepeatingMessageOffersSnoozeAndDeleteButtons() async throws {
        try await AlertTests().withBench { (bench) async throws in
            await bench.script("ETH", spot: 3_000)
            let id = try Self.id(in: await bench.command("/alert ETH below 2900 every 15m"))
            await bench.script("ETH", spot: 2_800)
            #expect(await bench.pass().count == 1)
            let call = try #require(await bench.accepted().last)
            for data in ["a:/alert snooze \(id) 1h", "a:/alert snooze \(id) 1d", "a:/alert delete \(id)"] {
                // JSON may write `/` as `\/`.
                let parameters = call.parameters.replacingOccurrences(of: "\\/", with: "/")
                #expect(parameters.contains(data), "\(data) in \(parameters)")
            }
            // A one-shot alert's message has none: the alert is gone.
            await bench.script("SOL", spot: 100)
            _ = await bench.command("/alert SOL above 110")
            await bench.script("SOL", spot: 120)
            #expect(await bench.pass().count == 1)
            #expect(try #require(await bench.accepted().last).parameters.contains("a:/alert") == false)
        }
    }

    @Test func aSnoozedAlertWaitsUntilItsSnoozeEnds() async throws {
        try await AlertTests().withBench { (bench) async throws in
            await bench.script("BTC", spot: 100)
            let id = try Self.id(in: await bench.command("/alert BTC above 110 every 1m"))
            await bench.script("BTC", spot: 111)
            #expect(await bench.pass().count == 1)
            let snoozed = await bench.command("/alert snooze \(id) 1d")
            #expect(snoozed.contains("snoozed until"), "\(snoozed)")
            // Retraces and crossings within the day: nothing.
            for (price, step) in [(105.0, 120), (112.0, 3600), (104.0, 3600), (113.0, 7200)] {
                await bench.script("BTC", spot: price)
                #expect(await bench.pass(after: .seconds(Int64(step))).isEmpty, "snoozed at \(price)")
            }
            #expect((await bench.command("/alerts")).contains("snoozed until"))
            // A day after the snooze: it fires (it re-armed at 104 and is past the level).
            let fired = await bench.pass(after: .seconds(86_400))
            #expect(fired.count == 1 && fired[0].contains("113"), "\(fired)")
            #expect(await bench.command("/alert snooze 999 1h").contains("#999"), "an unknown alert is said")
        }
    }

    @Test func anAlertWithALifetimeIsGoneAfterIt() async throws {
        try await AlertTests().withBench { (bench) async throws in
            await bench.script("BTC", spot: 100)
            let created = await bench.command("/alert BTC above 200 every 1h for 2h")
            #expect(created.contains("every 1h") && created.contains("until"), "\(created)")
            #expect(await bench.command("/alert BTC above 300 for 1h").contains("until"))
            #expect((await bench.command("/alerts")).contains("until"))
            #expect(await bench.pass(after: .seconds(3599)).isEmpty)
            #expect(try await bench.stores.alerts.allRecords().count == 2)
            #expect(await bench.pass(after: .seconds(2)).isEmpty, "expiry sends nothing")
            #expect(try await bench.stores.alerts.allRecords().count == 1, "the 1h one is gone")
            // Past its lifetime, a crossing fires nothing.
            await bench.script("BTC", spot: 250)
            #expect(await bench.pass(after: .seconds(3600)).isEmpty)
            #expect(try await bench.stores.alerts.allRecords().isEmpty)
        }
    }

    @Test func aRestartedOrNewLeaderKeepsTheFiringAndTheCooldown() async throws {
        try await AlertTests().withBench { (bench) async throws in
            await bench.script("BTC", spot: 100)
            _ = await bench.command("/alert BTC above 110 every 5m")
            await bench.script("BTC", spot: 111)
            #expect(await bench.pass().count == 1)
            // Another process (a restart, a new leader) reads the firing from the store.
            let other = bench.anotherMonitor()
            await bench.script("BTC", spot: 105)
            bench.clock.advance(by: .seconds(15))
            #expect(await other.pass().rearmed == 1)
            await bench.script("BTC", spot: 112)
            bench.clock.advance(by: .seconds(15))
            #expect(await other.pass().fired == 0, "its cooldown runs on")
            bench.clock.advance(by: .seconds(300))
            #expect(await other.pass().fired == 1)
            #expect(await bench.accepted().count == 2)
        }
    }
}
