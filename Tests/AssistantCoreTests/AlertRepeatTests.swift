import AssistantTesting
import MarketEngine
import Synchronization
import Testing

@testable import AssistantCore

/// Repeating alerts (`Alert+Repeat.swift`): the state machine on plain values — a level alert
/// fires, is disarmed until the reading goes back across, then waits out its cooldown; a
/// `move` measures from its last firing; claims, confirmations, expiry and snoozes — then
/// the same through the tick index, a pass, and the outbox on stores in memory.
@Suite struct AlertRepeatTests {
    static let hour: Int64 = 3_600_000
    /// When the alerts below fire first (milliseconds since 1970).
    static let firedAt: Int64 = 1_780_000_000_000
    static let btc = AlertReadings.Key.spot(.binance, base: "BTC")

    /// `/alert BTC above 100 every 1h` (or below), id 1 in chat 7, made away from its level.
    static func level(_ direction: AlertCondition.Direction = .above, every seconds: Int64? = 3600) -> Alert {
        Alert(
            id: 1, chatID: 7, base: "BTC", exchange: .binance, condition: .price(direction, level: 100), createdAt: 0,
            valueAtCreation: direction == .above ? 90 : 110, repeatSeconds: seconds)
    }

    /// `/alert BTC move 5% 1h every 10m`, id 2 in chat 7, made at 100 some 17 minutes before
    /// `firedAt` (its making stays inside the hour's window of the ticks below).
    static let moveMadeAt: Int64 = firedAt - 1_000_000
    static func move() -> Alert {
        Alert(
            id: 2, chatID: 7, base: "BTC", exchange: .binance, condition: .move(percent: 5, windowSeconds: 3600),
            createdAt: moveMadeAt, valueAtCreation: 100, repeatSeconds: 600)
    }

    /// The level alert as its firing at `firedAt` at 100.5 left it: disarmed, an hour's cooldown.
    static var disarmed: Alert { level().firing(100.5, at: firedAt) }

    // MARK: - The state machine

    @Test func aLevelAlertFiresThenWaitsToGoBackAcrossAndForItsCooldown() throws {
        let made = Self.level()
        #expect(made.repeats && made.armed && made.mayFire(at: 0))
        #expect(!made.rearms(at: 50), "an armed alert has nothing to re-arm")

        let fired = made.firing(100.5, at: Self.firedAt)
        #expect(!fired.armed)
        #expect(fired.lastFiredAt == Self.firedAt && fired.lastValue == 100.5)
        // Hovering at or above the line: no firing however long, and no re-arm.
        for value in [101.0, 102.0, 100.0] {
            #expect(!fired.rearms(at: value), "\(value)")
        }
        #expect(!fired.mayFire(at: Self.firedAt + 2 * Self.hour), "disarmed: its cooldown alone does not let it fire")
        // Strictly below re-arms.
        #expect(fired.rearms(at: 99.99) && fired.rearms(at: 99))

        let payload = try #require(Alert.rearm(fired.payload, id: 1, chatID: 7))
        let rearmed = try #require(Alert(payload: payload, id: 1, chatID: 7))
        #expect(rearmed.armed && rearmed.lastFiredAt == Self.firedAt && rearmed.lastValue == 100.5)
        #expect(Alert.rearm(payload, id: 1, chatID: 7) == nil, "armed already: nothing to write")
        #expect(!rearmed.rearms(at: 50))
        // Back across within the hour: the cooldown still holds it, then lets it go.
        #expect(!rearmed.mayFire(at: Self.firedAt + Self.hour - 1))
        #expect(rearmed.mayFire(at: Self.firedAt + Self.hour))
        #expect(rearmed.resumesAt() == Self.firedAt + Self.hour)
    }

    @Test func aBelowAlertReArmsOnlyStrictlyAboveItsLevel() {
        let fired = Self.level(.below).firing(99, at: Self.firedAt)
        #expect(!fired.armed)
        #expect(!fired.rearms(at: 98) && !fired.rearms(at: 100))
        #expect(fired.rearms(at: 100.01))
    }

    @Test func aOneShotAlertHasNoCooldown() {
        let once = Self.level(every: nil)
        #expect(!once.repeats && once.mayFire(at: 0) && once.resumesAt() == nil)
    }

    @Test func aMoveIsMeasuredFromItsLastFiring() {
        let made = Self.move()
        #expect(made.changeOrigin.time == Self.moveMadeAt && made.changeOrigin.value == 100, "from its making")
        let fired = made.firing(106, at: Self.firedAt)
        #expect(fired.armed, "a change has no level to go back across")
        #expect(fired.changeOrigin.time == Self.firedAt && fired.changeOrigin.value == 106, "from its firing")
        #expect(!fired.mayFire(at: Self.firedAt + 599_999) && fired.mayFire(at: Self.firedAt + 600_000))
    }

    @Test func ofTwoClaimsOfOneFiringTheSecondFindsTheCooldownRunning() throws {
        // A move alert stays armed: only its cooldown tells the two claims apart.
        let alert = Self.move()
        let first = try #require(Alert.claim(alert.payload, id: 2, chatID: 7, value: 106, at: Self.firedAt))
        #expect(Alert(payload: first, id: 2, chatID: 7) == alert.firing(106, at: Self.firedAt))
        #expect(Alert.claim(first, id: 2, chatID: 7, value: 106, at: Self.firedAt) == nil, "the same instant")
        #expect(Alert.claim(first, id: 2, chatID: 7, value: 106, at: Self.firedAt + 1) == nil, "a millisecond later")
        #expect(
            Alert.claim(first, id: 2, chatID: 7, value: 112, at: Self.firedAt + 600_000) != nil, "after the cooldown")
        // A level alert's second claim finds it disarmed as well, however late.
        let level = try #require(Alert.claim(Self.level().payload, id: 1, chatID: 7, value: 101, at: Self.firedAt))
        #expect(Alert.claim(level, id: 1, chatID: 7, value: 101, at: Self.firedAt + 2 * Self.hour) == nil)
        #expect(Alert.claim(Array("not an alert".utf8), id: 1, chatID: 7, value: 101, at: Self.firedAt) == nil)
    }

    @Test func confirmingAFiringAppliesItOnce() throws {
        let alert = Self.level()
        // Delivery's confirmation of a firing the claim never wrote (a crash between them).
        let confirmed = try #require(Alert.confirm(alert.payload, id: 1, chatID: 7, value: 101, at: Self.firedAt))
        #expect(Alert(payload: confirmed, id: 1, chatID: 7) == alert.firing(101, at: Self.firedAt))
        #expect(Alert.confirm(confirmed, id: 1, chatID: 7, value: 101, at: Self.firedAt) == nil, "applied already")
        #expect(Alert.confirm(confirmed, id: 1, chatID: 7, value: 99, at: Self.firedAt - 1) == nil, "a later one is")
        // What a claim wrote, the confirmation of the same firing leaves alone.
        let claimed = try #require(Alert.claim(alert.payload, id: 1, chatID: 7, value: 101, at: Self.firedAt))
        #expect(Alert.confirm(claimed, id: 1, chatID: 7, value: 101, at: Self.firedAt) == nil)
    }

    @Test func anAlertExpiresAtTheEndOfItsLifetime() {
        var alert = Self.level()
        #expect(!alert.hasExpired(at: Int64.max), "without `for` it never does")
        alert.expiresAt = Self.firedAt
        #expect(!alert.hasExpired(at: Self.firedAt - 1) && alert.mayFire(at: Self.firedAt - 1))
        #expect(alert.hasExpired(at: Self.firedAt) && !alert.mayFire(at: Self.firedAt))
    }

    @Test func aSnoozeHoldsItUntilItsTime() throws {
        let until = Self.firedAt + Self.hour
        let payload = try #require(Alert.snooze(Self.level().payload, id: 1, chatID: 7, until: until))
        let snoozed = try #require(Alert(payload: payload, id: 1, chatID: 7))
        #expect(snoozed.snoozedUntil == until && snoozed.armed)
        #expect(!snoozed.mayFire(at: Self.firedAt) && !snoozed.mayFire(at: until - 1))
        #expect(snoozed.mayFire(at: until))
        #expect(snoozed.resumesAt() == until)
        // A cooldown that ends after the snooze holds it longer.
        var both = Self.move().firing(106, at: Self.firedAt)
        both.snoozedUntil = Self.firedAt + 60_000
        #expect(both.resumesAt() == Self.firedAt + 600_000)
        #expect(!both.mayFire(at: Self.firedAt + 60_000) && both.mayFire(at: Self.firedAt + 600_000))
    }

    // MARK: - The tick index and passes

    static func evaluator(price: Double? = nil) -> AlertEvaluator {
        var binance = FixedMarketAdapter(exchange: .binance)
        if let price { binance.list("BTC", spot: price, mark: price, time: firedAt) }
        return AlertEvaluator(readings: AlertReadings(engine: MarketEngine.fixed([binance])))
    }

    @Test func aTickBackAcrossReArmsItAndTheNextReachingFiresItOnceItsCooldownIsOver() async {
        let cases: [(now: Int64, fires: Bool)] = [
            (Self.firedAt + Self.hour - 1, false), (Self.firedAt + Self.hour, true),
        ]
        for (now, fires) in cases {
            let evaluator = Self.evaluator()
            await evaluator.rebuild([Self.disarmed])
            #expect(await evaluator.indexed == 1)
            let hovering = await evaluator.tick(Self.btc, 101, now: Self.firedAt + 1_000)
            #expect(hovering.fired.isEmpty && hovering.rearmed.isEmpty)
            let atTheLevel = await evaluator.tick(Self.btc, 100, now: Self.firedAt + 2_000)
            #expect(atTheLevel.fired.isEmpty && atTheLevel.rearmed.isEmpty, "at the level is not back across")
            let back = await evaluator.tick(Self.btc, 99, now: Self.firedAt + 3_000)
            #expect(back.rearmed.map(\.id) == [1] && back.fired.isEmpty)
            #expect(await evaluator.indexed == 1, "in the index again, armed")
            #expect(await evaluator.tick(Self.btc, 98, now: Self.firedAt + 4_000).rearmed.isEmpty, "re-armed once")

            let reached = await evaluator.tick(Self.btc, 100.2, now: now)
            let expected: [Int64] = fires ? [1] : []
            #expect(reached.fired.map(\.alert.alertID) == expected, "\(now - Self.firedAt) ms after")
            if fires {
                #expect(reached.fired.first?.chatID == 7)
                #expect(reached.fired.first?.alert.value == 100.2 && reached.fired.first?.alert.repeatSeconds == 3600)
            } else {
                // A tick that reaches it while its cooldown holds it leaves it to the passes.
                #expect(await evaluator.indexed == 0)
            }
        }
    }

    @Test func aTickMeasuresAMovesNextChangeFromItsFiring() async {
        let evaluator = Self.evaluator()
        // Fired at 106: 108 is 1.9 % from there (8 % from its making at 100, within the window:
        // measured from the making, it would fire at once), 112 is 5.7 %.
        await evaluator.rebuild([Self.move().firing(106, at: Self.firedAt)])
        let after = Self.firedAt + 600_000
        #expect(await evaluator.tick(Self.btc, 108, now: after).fired.isEmpty)
        let fired = await evaluator.tick(Self.btc, 112, now: after + 20_000).fired
        #expect(fired.map(\.alert.alertID) == [2])
        #expect(fired.allSatisfy { abs(($0.alert.change ?? 0) - (112.0 / 106 - 1) * 100) < 1e-9 }, "from 106")
    }

    @Test func aPassReArmsWhatIsBackAcrossAndFiresOnlyAfterTheCooldown() async {
        let back = await Self.evaluator(price: 99).evaluate([Self.disarmed], now: Self.firedAt + 1_000)
        #expect(back.rearmed.map(\.id) == [1] && back.fired.isEmpty)
        let hovering = await Self.evaluator(price: 101).evaluate([Self.disarmed], now: Self.firedAt + 2 * Self.hour)
        #expect(hovering.rearmed.isEmpty && hovering.fired.isEmpty, "disarmed, hovering above: nothing")
        var armed = Self.disarmed
        armed.armed = true
        let early = await Self.evaluator(price: 101).evaluate([armed], now: Self.firedAt + Self.hour - 1)
        #expect(early.fired.isEmpty && early.rearmed.isEmpty)
        let due = await Self.evaluator(price: 101).evaluate([armed], now: Self.firedAt + Self.hour)
        #expect(due.fired.map(\.alert.alertID) == [1])
    }

    // MARK: - The outbox

    /// The level alert stored in chat 7, and its firing at `firedAt` at 100.5.
    static func stored(in stores: Stores) async throws -> (id: Int64, firing: FiredAlert) {
        let added = try await stores.alerts.add(chatID: 7, payload: Self.level().payload, limit: 50)
        let id = try #require(added).id
        let firing = FiredAlert(
            alertID: id, base: "BTC", exchange: .binance, condition: .price(.above, level: 100), value: 100.5,
            firedAt: Self.firedAt, repeatSeconds: 3600)
        return (id, firing)
    }

    static func alert(_ id: Int64, in stores: Stores) async throws -> Alert? {
        try await stores.alerts.records(chatID: 7).first { $0.id == id }.flatMap(Alert.init(record:))
    }

    @Test func firingARepeatingAlertKeepsItAndTwoEvaluatorsJournalOneMessage() async throws {
        let stores = MemoryStores().stores
        let (id, firing) = try await Self.stored(in: stores)
        // Two evaluators found the same firing.
        let one = AlertOutbox(alerts: stores.alerts, fired: stores.firedAlerts)
        let other = AlertOutbox(alerts: stores.alerts, fired: stores.firedAlerts)
        async let first = one.fire([(chatID: 7, alert: firing)])
        async let second = other.fire([(chatID: 7, alert: firing)])
        let counts = try await [first, second]
        #expect(counts.sorted() == [0, 1], "\(counts)")

        let journaled = try await stores.firedAlerts.allRecords()
        #expect(journaled.count == 1)
        #expect(journaled.first.flatMap { FiredAlert(payload: $0.payload) } == firing)
        let kept = try #require(try await Self.alert(id, in: stores))
        #expect(kept.lastFiredAt == Self.firedAt && kept.lastValue == 100.5 && !kept.armed)
        #expect(try await stores.alerts.allRecords().count == 1, "a repeating alert stays")

        // Fired again later by a third: its claim finds it disarmed, and drops its row.
        let later = firing.with(firedAt: Self.firedAt + 2 * Self.hour)
        #expect(try await one.fire([(chatID: 7, alert: later)]) == 0)
        #expect(try await stores.firedAlerts.allRecords().count == 1)

        // Back across: re-armed in the store.
        try await one.rearm([kept])
        #expect(try await Self.alert(id, in: stores)?.armed == true)
    }

    @Test func deliveryAppliesAFiringItsClaimMissedAndSendsItOnce() async throws {
        let stores = MemoryStores().stores
        let outbox = AlertOutbox(alerts: stores.alerts, fired: stores.firedAlerts)
        let (id, firing) = try await Self.stored(in: stores)
        // A crash between journaling and claiming: the row is there, the alert untouched.
        _ = try await stores.firedAlerts.add(chatID: 7, payload: firing.payload, limit: AlertOutbox.limitPerChat)
        #expect(try await Self.alert(id, in: stores)?.lastFiredAt == nil)
        let sent = Mutex<[Int64]>([])
        let count = try await outbox.deliver { _, message, _ in
            sent.withLock { $0.append(message.alertID ?? 0) }
            return .sent
        }
        let ids = sent.withLock { $0 }
        #expect(count == 1 && ids == [id])
        let kept = try #require(try await Self.alert(id, in: stores))
        #expect(kept.lastFiredAt == Self.firedAt && !kept.armed, "delivery applied the firing")
        #expect(try await stores.firedAlerts.allRecords().isEmpty)
    }
}

extension FiredAlert {
    fileprivate func with(firedAt: Int64) -> FiredAlert {
        var copy = self
        copy.firedAt = firedAt
        return copy
    }
}
