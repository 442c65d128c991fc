import AssistantCore
import AssistantTesting
import Foundation
import MarketSimulator
import Testing

@testable import AssistantServer

/// Streams with replicas: only the replica that leads alerts streams the alerts' symbols; a
/// new leader opens them, and an alert fires once from the pushed tick.
@Suite(.timeLimit(.minutes(3))) struct StreamingReplicaTests {
    @Test func onlyTheLeaderStreamsForAlertsAndANewLeaderTakesTheSubscriptionsOver() async throws {
        try await FencingTests.withTwoReplicas(extra: ["STREAMS": "on", "ALERT_CHECK_INTERVAL_S": "1"]) {
            (a, b, simulator, client, url) async throws in
            #expect(await a.line(containing: "role=alerts [AssistantServer] leading") != nil, "a started first")
            await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 100_000))
            #expect(try await FencingTests.post("/alert BTC above 110000", id: 1, chat: 31, to: b, client) == 200)
            let streams = simulator.server.streams
            #expect(
                await eventually {
                    let report = await streams.report["binance-spot"]
                    return report?.connections == 1 && report?.subscribed == ["spot:BTC"]
                }, "the leader alone streams BTC")
            kill(a.process.processIdentifier, SIGKILL)
            #expect(await b.line(containing: "role=alerts [AssistantServer] leading") != nil)
            #expect(
                await eventually {
                    let report = await streams.report["binance-spot"]
                    return report?.opened == 2 && report?.connections == 1 && report?.subscribed == ["spot:BTC"]
                }, "the new leader opened its own")
            await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 111_000))
            await streams.push(only: "BTC")
            #expect(
                await eventually {
                    await FencingTests.messages(to: 31, simulator).contains {
                        $0.contains("BTC crossed above 110,000.00")
                    }
                })
            #expect(
                await FencingTests.messages(to: 31, simulator).filter { $0.contains("BTC crossed above") }.count == 1)
        }
    }
}
