import AssistantCore
import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// Alerts on the server's own positions, over the simulator's signed account endpoints: the
/// position nearest its liquidation on every exchange, the PnL of the positions, one-shot and
/// repeating, and who may set them.
///
/// The simulator checks each signed request's timestamp against the real clock plus a skew;
/// the requests carry the test clock's time, so every pass first sets the skew to where the
/// test clock is about to be. The positions are read at most once a minute (`PositionWatch`
/// in the bench reads every 60 s): a pass that should see a new price comes ≥ 60 s after the
/// last read.
@Suite(.timeLimit(.minutes(2))) struct PositionAlertTests {
    /// Where the scripted markets start: every position well away from its liquidation.
    static let calm: [(base: String, spot: Double)] = [("BTC", 97_000), ("ETH", 3_400), ("SOL", 190)]

    /// The position of each simulated account nearest its liquidation at the calm prices,
    /// from the simulator's tables (`SimulatedAccounts*.swift`): liquidation prices there
    /// come from the entry alone, so they stay put while the price moves.
    struct Nearest: Sendable {
        var symbol: String
        var base: String
        var side: Position.Side
        var liquidation: Double
    }

    static let nearest: [Exchange: Nearest] = [
        // BTC long 0.1 at 95,000 ×10: 95,000 × (1 − 0.9/10), 10.9 % below 97,000; the ETH
        // short's 3,600 × 1.18 = 4,248 is 24.9 % above 3,400.
        .binance: Nearest(symbol: "BTCUSDT", base: "BTC", side: .long, liquidation: 86_450),
        // SOL long at 180: 180 × 0.7, 33.7 % below 190.
        .bybit: Nearest(symbol: "SOLUSDT", base: "SOL", side: .long, liquidation: 126),
        // BTC long at 96,000: 96,000 × 0.96, 4.99 % below 97,000.
        .okx: Nearest(symbol: "BTC-USDT-SWAP", base: "BTC", side: .long, liquidation: 92_160),
        // BTC long at 95,000 ×10 as Binance's; the ETH short at 3,500 ×5 liquidates at 4,130.
        .bitget: Nearest(symbol: "BTCUSDT", base: "BTC", side: .long, liquidation: 86_450),
        // The ETH short's fixed 4,248; the cross BTC long has none (0).
        .gate: Nearest(symbol: "ETH_USDT", base: "ETH", side: .short, liquidation: 4_248),
        // BTC long at 95,000 ×10; the ETH short at 3,600 ×5 liquidates at 4,248.
        .mexc: Nearest(symbol: "BTC_USDT", base: "BTC", side: .long, liquidation: 86_450),
    ]

    static func credentials(_ exchange: Exchange) -> ExchangeCredentials {
        let keys: SimulatedAccounts.Keys =
            switch exchange {
            case .binance: SimulatedAccounts.binance
            case .bybit: SimulatedAccounts.bybit
            case .okx: SimulatedAccounts.okx
            case .bitget: SimulatedAccounts.bitget
            case .gate: SimulatedAccounts.gate
            case .mexc: SimulatedAccounts.mexc
            }
        return ExchangeCredentials(apiKey: keys.apiKey, secret: keys.secret, passphrase: keys.passphrase)
    }

    static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }

    /// How far the mark is from the liquidation price, in percent of the mark.
    static func distance(_ position: Position) -> Double {
        let mark = double(position.markPrice)
        guard let liquidation = position.liquidationPrice.map(double), liquidation > 0, mark > 0 else {
            return .infinity
        }
        return abs(mark - liquidation) / mark * 100
    }

    /// The number a message puts between the first `before` and the `after` that follows it
    /// (nil: the end of the text, less a closing full stop), commas dropped.
    static func number(in text: String, between before: String, and after: String?) -> Double? {
        guard let start = text.range(of: before) else { return nil }
        var end = text.endIndex
        if let after {
            guard let found = text.range(of: after, range: start.upperBound..<text.endIndex) else { return nil }
            end = found.lowerBound
        } else if text.hasSuffix(".") {
            end = text.index(before: end)
        }
        return Double(text[start.upperBound..<end].replacingOccurrences(of: ",", with: ""))
    }

    /// A bench on a test clock that starts at the real time (signatures), with `keys`.
    func withSignedBench(
        keys: [Exchange: ExchangeCredentials], _ body: (AlertTests.Bench) async throws -> Void
    ) async throws {
        let clock = TestClock(epochMilliseconds: AppClock.system.wallMilliseconds)
        try await AlertTests().withBench(clock: clock, keys: keys) { (bench) async throws in
            for (base, spot) in Self.calm { await bench.script(base, spot: spot) }
            await bench.keepExchangeClock()
            try await body(bench)
        }
    }

    @Test(arguments: Exchange.allCases)
    func aPositionNearItsLiquidationFiresOnceNamingIt(_ exchange: Exchange) async throws {
        let expected = try #require(Self.nearest[exchange])
        let keys = [exchange: Self.credentials(exchange)]
        try await withSignedBench(keys: keys) { (bench) async throws in
            // The account as the exchange reports it, read apart from the alerts' watch.
            let read = await AccountService(engine: bench.market.engine, credentials: keys).positions()
            let outcome = read.first(where: { $0.0 == exchange })?.1
            guard case .value(let open)? = outcome else {
                Issue.record("\(exchange): no positions: \(String(describing: outcome))")
                return
            }
            let nearestNow = open.min(by: { Self.distance($0) < Self.distance($1) })
            let position = try #require(nearestNow)
            #expect(position.symbol == expected.symbol && position.side == expected.side, "\(position)")
            let liquidation = try #require(position.liquidationPrice.map(Self.double))
            #expect(abs(liquidation - expected.liquidation) < 1e-6, "\(liquidation)")
            #expect(Self.distance(position) > 4, "not within 3 % yet: \(Self.distance(position))")

            let created = await bench.command("/alert position liquidation within 3%")
            #expect(created.contains("a position comes within 3% of its liquidation price"), "\(created)")
            #expect(try await bench.stores.alerts.allRecords().count == 1)
            #expect(await bench.signedPass(after: .seconds(15)).isEmpty, "4.99 % and more: nothing")

            // 1.5 % from liquidation: the mark follows the scripted spot (its basis is under 0.03 %).
            let spot = expected.side == .long ? liquidation / (1 - 0.015) : liquidation / (1 + 0.015)
            await bench.script(expected.base, spot: spot)
            let fired = await bench.signedPass(after: .seconds(60))
            #expect(fired.count == 1, "\(fired)")
            let message = try #require(fired.first)
            let side = expected.side == .long ? "long" : "short"
            #expect(
                message.contains("\(expected.symbol) \(side) on \(exchange.displayName) is "), "\(message)")
            #expect(message.contains("liquidation \(NumberFormat.price(expected.liquidation))"), "\(message)")
            // The distance from the mark the exchange quotes now (the scripted spot and the
            // base's basis), shown to 4 decimals at most.
            let quoted = await bench.market.exchanges.market(expected.base, on: exchange.rawValue)
            let mark = try #require(quoted).markPrice
            let shown = try #require(Self.number(in: message, between: " is ", and: "% from liquidation"))
            #expect(abs(shown - abs(mark - liquidation) / mark * 100) < 0.001, "\(message) at mark \(mark)")
            #expect(abs(shown - 1.5) < 0.1, "\(message)")

            // One-shot: gone, and the price staying there sends nothing more.
            #expect(await bench.signedPass(after: .seconds(60)).isEmpty)
            #expect(await bench.signedPass(after: .seconds(60)).isEmpty)
            #expect(try await bench.stores.alerts.allRecords().isEmpty)
            #expect(try await bench.stores.firedAlerts.allRecords().isEmpty)
            #expect(await bench.accepted().count == 1)
        }
    }

    /// Binance's BTC long (0.1 from 95,000) and ETH short (2 from 3,600): with BTC at
    /// 95,000, the PnL is (3,600 − ETH) × 2, give or take the marks' basis (±3).
    static let binanceKeys = [Exchange.binance: credentials(.binance)]

    /// Unrealised PnL near +400 at ETH 3,400, near −600 at 3,900.
    func setBinancePnL(_ bench: AlertTests.Bench, eth: Double) async {
        await bench.script("BTC", spot: 95_000)
        await bench.script("ETH", spot: eth)
    }

    /// The PnL of Binance's two positions at the marks the simulator quotes now.
    func binancePnL(_ bench: AlertTests.Bench) async throws -> Double {
        let btc = try #require(await bench.market.exchanges.market("BTC", on: "binance")).markPrice
        let eth = try #require(await bench.market.exchanges.market("ETH", on: "binance")).markPrice
        return (btc - 95_000) * 0.1 + (3_600 - eth) * 2
    }

    @Test func pnlBelowFiresOnceWhenThePriceTakesItThere() async throws {
        try await withSignedBench(keys: Self.binanceKeys) { (bench) async throws in
            await setBinancePnL(bench, eth: 3_400)
            // An admin chat may, chat 7 may not, keys or no keys.
            let refused = await bench.command("/alert position pnl below -300", chat: Chat(id: 7, type: "private"))
            #expect(refused.contains(Language.english.phrases.keeping.positionsNotAllowed), "\(refused)")
            #expect(try await bench.stores.alerts.allRecords().isEmpty)

            let created = await bench.command("/alert position pnl below -300")
            #expect(created.contains("unrealised PnL of the positions falls to -300.00 USDT"), "\(created)")
            let now = try #require(Self.number(in: created, between: "Now ", and: nil))
            let pnlThen = try await binancePnL(bench)
            #expect(abs(now - pnlThen) < 0.011 && abs(now - 400) < 5, "\(created) against \(pnlThen)")
            #expect(await bench.signedPass(after: .seconds(15)).isEmpty)
            // Within the minute the positions are not read again: ETH's move is not seen yet.
            await setBinancePnL(bench, eth: 3_900)
            #expect(await bench.signedPass(after: .seconds(15)).isEmpty, "read at most once a minute")

            let fired = await bench.signedPass(after: .seconds(60))
            #expect(fired.count == 1, "\(fired)")
            let message = try #require(fired.first)
            #expect(message.contains("(alert at -300.00)"), "\(message)")
            let pnl = try #require(Self.number(in: message, between: "positions is ", and: " USDT"))
            let pnlNow = try await binancePnL(bench)
            #expect(abs(pnl - pnlNow) < 0.011 && abs(pnl - -600) < 5, "\(message) against \(pnlNow)")

            #expect(await bench.signedPass(after: .seconds(60)).isEmpty, "one-shot")
            #expect(try await bench.stores.alerts.allRecords().isEmpty)
        }
    }

    @Test func aRepeatingPnLAlertWaitsToGoBackAboveAndForItsCooldown() async throws {
        try await withSignedBench(keys: Self.binanceKeys) { (bench) async throws in
            func stored() async throws -> Alert {
                try #require(try await bench.stores.alerts.allRecords().compactMap(Alert.init(record:)).first)
            }
            await setBinancePnL(bench, eth: 3_400)
            let created = await bench.command("/alert position pnl below -300 every 1h")
            #expect(created.contains("falls to -300.00 USDT") && created.contains("every 1h"), "\(created)")
            #expect(try await stored().armed, "made above its level: armed")
            #expect(await bench.signedPass(after: .seconds(15)).isEmpty)

            await setBinancePnL(bench, eth: 3_900)
            let first = await bench.signedPass(after: .seconds(60))  // t = 75 s
            #expect(first.count == 1 && first[0].contains("(alert at -300.00)"), "\(first)")
            #expect(try await stored().armed == false, "fired: disarmed")

            #expect(await bench.signedPass(after: .seconds(60)).isEmpty, "still below: disarmed")  // 135 s

            await setBinancePnL(bench, eth: 3_400)
            #expect(await bench.signedPass(after: .seconds(60)).isEmpty)  // 195 s
            #expect(try await stored().armed, "back above its level: re-armed")

            await setBinancePnL(bench, eth: 3_900)
            // 255 s: below again, but 3 minutes after the firing.
            #expect(await bench.signedPass(after: .seconds(60)).isEmpty, "within the cooldown")

            let second = await bench.signedPass(after: .seconds(3_500))  // 3,755 s: over an hour since 75 s
            #expect(second.count == 1 && second[0].contains("(alert at -300.00)"), "\(second)")

            #expect(await bench.signedPass(after: .seconds(60)).isEmpty)  // 3,815 s
            // The cooldown is over again, but the PnL never went back above -300.
            #expect(await bench.signedPass(after: .seconds(3_700)).isEmpty, "disarmed after the hour too")
            #expect(try await bench.stores.alerts.allRecords().count == 1, "a repeating alert stays")
            #expect(await bench.accepted().count == 2)
        }
    }

    @Test func onlyAdminChatsMaySetThemAndOnlyWithKeys() async throws {
        try await AlertTests().withBench { (bench) async throws in
            let english = Language.english.phrases.keeping
            let refused = await bench.command("/alert position pnl below -1000", chat: Chat(id: 7, type: "private"))
            #expect(refused.contains(english.positionsNotAllowed), "\(refused)")
            let unavailable = await bench.command("/alert position pnl below -1000")
            #expect(unavailable.contains(english.positionsUnavailable), "\(unavailable)")
            #expect(
                await bench.command("/alert position liquidation within 5%").contains(english.positionsUnavailable))
            #expect(try await bench.stores.alerts.allRecords().isEmpty)
        }
    }
}

extension AlertTests.Bench {
    /// The simulated exchanges check signatures' timestamps against the test clock: a skew
    /// from the real clock drifted past their 5 s windows while the whole suite ran.
    fileprivate func keepExchangeClock() async {
        let clock = clock
        await market.exchanges.setClock { clock.wallMilliseconds }
    }

    /// `pass(after:)` (the exchanges' clock follows the test clock).
    fileprivate func signedPass(after step: Duration) async -> [String] {
        await pass(after: step)
    }
}
