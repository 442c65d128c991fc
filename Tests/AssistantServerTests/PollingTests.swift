import AssistantTesting
import Foundation
import Logging
import MarketSimulator
import Testing

@testable import AssistantServer

@Suite struct PollingTests {
    func runner(_ settings: Settings) async throws -> PollingRunner {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try await PollingRunner(
            settings: settings, logger: logger, options: .init(pacerPolicy: .unthrottled), signals: [])
    }

    @Test func answersQueuedUpdatesAndConfirmsTheOffset() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        settings.pollTimeoutSeconds = 1
        for id in 1...3 {
            try await simulator.telegram.enqueue(
                updateJSON: Array(messageUpdate(id: Int64(id), chat: Int64(id), text: "/help").utf8))
        }
        let reaction =
            #"{"update_id":4,"message_reaction":{"chat":{"id":-1,"type":"group"},"message_id":1,"date":1,"old_reaction":[],"new_reaction":[]}}"#
        try await simulator.telegram.enqueue(updateJSON: Array(reaction.utf8))
        let undecodable = #"{"update_id":5,"message":{"message_id":"x"}}"#
        try await simulator.telegram.enqueue(updateJSON: Array(undecodable.utf8))

        let polling = try await runner(settings)
        let task = Task { try await polling.run() }
        #expect(await simulator.telegram.waitForCalls(3).count == 3)

        // One more while polling runs: the long poll picks it up.
        try await simulator.telegram.enqueue(updateJSON: Array(messageUpdate(id: 6, chat: 9, text: "/moon").utf8))
        let sent = await simulator.telegram.waitForCalls(4)
        #expect(sent.count == 4)
        #expect(sent.last?.text?.hasPrefix("Unknown command /moon") == true)

        await polling.shutdown()
        try await task.value
        // Every update was confirmed with a higher offset; none is delivered again.
        #expect(await simulator.telegram.pendingUpdateCount == 0)
        let offsets = await simulator.telegram.recorded(method: "getUpdates").compactMap { call in
            (try? JSONDecoder().decode(Offset.self, from: Data(call.parameters.utf8)))?.offset
        }
        #expect(offsets.contains(7))
        #expect(await simulator.telegram.recorded(method: "sendMessage").count == 4)
        await simulator.stop()
    }

    @Test func conflictWithAWebhookEndsWithAClearMessage() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        let settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        _ = await simulator.telegram.handle(
            token: testToken, method: "setWebhook", contentType: "application/json",
            body: Array(#"{"url":"https://bot.example.com/telegram/webhook"}"#.utf8))
        let polling = try await runner(settings)
        await #expect {
            try await polling.run()
        } throws: { error in
            "\(error)".contains("crypto-assistant webhook delete")
        }
        await simulator.stop()
    }

    @Test func anotherPollerEndsWithAClearMessage() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        let settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        await simulator.telegram.inject(.init(method: "getUpdates", status: 409))
        let polling = try await runner(settings)
        await #expect {
            try await polling.run()
        } throws: { error in
            "\(error)".contains("only one poller per token")
        }
        await simulator.stop()
    }

    @Test func serverErrorsBackOffAndPollingRecovers() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        settings.pollTimeoutSeconds = 1
        await simulator.telegram.inject(.init(method: "getUpdates", status: 502, body: "<html>502</html>", count: 2))
        try await simulator.telegram.enqueue(updateJSON: Array(messageUpdate(id: 1, text: "/help").utf8))
        let polling = try await runner(settings)
        let task = Task { try await polling.run() }
        #expect(await simulator.telegram.waitForCalls(1).count == 1)
        let calls = await simulator.telegram.recorded(method: "getUpdates")
        #expect(Array(calls.prefix(3).map(\.status)) == [502, 502, 200])
        // Backed off with jitter: 0.5–1 s after the first failure, 1–2 s after the second
        // (lower bounds only: a busy machine may add to them, never take away).
        let gaps = zip(calls.dropFirst(), calls).prefix(2).map { $0.atMilliseconds - $1.atMilliseconds }
        #expect(gaps.count == 2 && gaps[0] >= 500 && gaps[1] >= 1000, "gaps between getUpdates: \(gaps) ms")
        await polling.shutdown()
        try await task.value
        await simulator.stop()
    }
}

private struct Offset: Decodable { var offset: Int64? }
