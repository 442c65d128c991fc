import AssistantTesting
import MarketEngine
import Testing

@testable import AssistantCore

/// What a pushed tick fires: the levels it reached on its own symbol and no other, each
/// once; `move` windows completed by the tick; the index as the last pass left it.
@Suite struct AlertTickTests {
    func evaluator() -> AlertEvaluator {
        AlertEvaluator(readings: AlertReadings(engine: MarketEngine.fixed([FixedMarketAdapter(exchange: .binance)])))
    }

    func alert(_ id: Int64, _ condition: AlertCondition, base: String = "BTC", created: Int64 = 0) -> Alert {
        Alert(
            id: id, chatID: 100 + id, base: base, exchange: .binance, condition: condition, createdAt: created,
            valueAtCreation: 100)
    }

    @Test func aTickFiresTheLevelsItReachedOnItsSymbolOnce() async {
        let evaluator = evaluator()
        // 1,000 levels above and below 100 on BTC, and one on ETH at the same level.
        var alerts = (1...500).map { alert(Int64($0), .price(.above, level: 100 + Double($0))) }
        alerts += (501...1000).map { alert(Int64($0), .price(.below, level: 100 - Double($0 - 500) / 10)) }
        alerts.append(alert(2000, .price(.above, level: 101), base: "ETH"))
        await evaluator.rebuild(alerts)
        #expect(await evaluator.indexed == 1001)
        let btc = AlertReadings.Key.spot(.binance, base: "BTC")
        #expect(await evaluator.tick(btc, 100, now: 1).fired.isEmpty)
        let up = await evaluator.tick(btc, 103.5, now: 2).fired
        #expect(up.map(\.alert.alertID).sorted() == [1, 2, 3])
        #expect(up.allSatisfy { $0.chatID == 100 + $0.alert.alertID && $0.alert.value == 103.5 })
        #expect(await evaluator.tick(btc, 103.5, now: 3).fired.isEmpty, "each once")
        let down = await evaluator.tick(btc, 99.75, now: 4).fired
        #expect(down.map(\.alert.alertID).sorted() == [501, 502])
        #expect(await evaluator.indexed == 1001 - 5)
    }

    @Test func aTickCompletesAMoveWithinItsWindow() async {
        let evaluator = evaluator()
        let key = AlertReadings.Key.spot(.binance, base: "BTC")
        let moves = [
            alert(1, .move(percent: 5, windowSeconds: 300), created: 0),
            alert(2, .move(percent: 5, windowSeconds: 300), created: 0),
            alert(3, .move(percent: 20, windowSeconds: 300), created: 0),
        ]
        await evaluator.rebuild(moves)
        #expect(await evaluator.tick(key, 103, now: 1_000).fired.isEmpty)
        let fired = await evaluator.tick(key, 106, now: 2_000).fired
        #expect(fired.map(\.alert.alertID).sorted() == [1, 2])
        #expect(fired.allSatisfy { abs(($0.alert.change ?? 0) - 6) < 1e-9 }, "from the value at creation, 100")
        #expect(await evaluator.tick(key, 130, now: 3_000).fired.map(\.alert.alertID) == [3])
    }
}
