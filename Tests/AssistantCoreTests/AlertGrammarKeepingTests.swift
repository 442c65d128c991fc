import MarketEngine
import Testing

@testable import AssistantCore

/// The words of alerts people keep: `every` and `for` after any new alert, `snooze`, position
/// alerts, and the times of `/digest` and `/settings quiet`.
@Suite struct AlertGrammarKeepingTests {
    func read(_ text: String) throws(AlertRequest.Problem) -> AlertRequest {
        try CommandGrammar.alertRequest(text.split(separator: " ").map(String.init))
    }

    /// What is wrong with `text`; nil when it reads.
    func problem(_ text: String) -> AlertRequest.Problem? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - every, for

    @Test func everyAndForEndAnyNewAlertInEitherOrder() throws {
        let both = AlertRequest.create(
            symbol: "BTC", exchange: nil, condition: .price(.above, level: 100), repeatSeconds: 3600,
            lifetimeSeconds: 604_800)
        #expect(try read("BTC above 100 every 1h for 7d") == both)
        #expect(try read("BTC above 100 for 7d every 1h") == both)
        #expect(try read("BTC above 100 EVERY 1H FOR 7D") == both)
        #expect(
            try read("BTC above 100 every 1h")
                == .create(
                    symbol: "BTC", exchange: nil, condition: .price(.above, level: 100), repeatSeconds: 3600,
                    lifetimeSeconds: nil))
        #expect(
            try read("BTC above 100 for 1d")
                == .create(
                    symbol: "BTC", exchange: nil, condition: .price(.above, level: 100), repeatSeconds: nil,
                    lifetimeSeconds: 86_400))
        #expect(
            try read("ETH move 5% 1h bybit every 30m")
                == .create(
                    symbol: "ETH", exchange: .bybit, condition: .move(percent: 5, windowSeconds: 3600),
                    repeatSeconds: 1800))
        #expect(
            try read("BTC funding below -0.01% okx for 12h every 4h")
                == .create(
                    symbol: "BTC", exchange: .okx, condition: .funding(.below, ratePercent: -0.01),
                    repeatSeconds: 14_400, lifetimeSeconds: 43_200))
        // Without them, an alert is one-shot and lasts.
        #expect(
            try read("BTC above 100")
                == .create(
                    symbol: "BTC", exchange: nil, condition: .price(.above, level: 100), repeatSeconds: nil,
                    lifetimeSeconds: nil))
    }

    @Test func cooldownsAreAMinuteToAWeekAndLifetimesAMinuteToAYear() throws {
        for (text, seconds) in [("1m", Int64(60)), ("90m", 5400), ("7d", 604_800)] {
            guard case .create(_, _, _, let repeatSeconds, _) = try read("BTC above 100 every \(text)") else {
                Issue.record("every \(text) did not make an alert")
                continue
            }
            #expect(repeatSeconds == seconds, "every \(text)")
        }
        for (text, seconds) in [("1m", Int64(60)), ("7d", 604_800), ("365d", 31_536_000)] {
            guard case .create(_, _, _, _, let lifetime) = try read("BTC above 100 for \(text)") else {
                Issue.record("for \(text) did not make an alert")
                continue
            }
            #expect(lifetime == seconds, "for \(text)")
        }
        #expect(problem("BTC above 100 every 30s") == .notCooldown(word: "30s"))
        #expect(problem("BTC above 100 every 8d") == .notCooldown(word: "8d"))
        #expect(problem("BTC above 100 every 0m") == .notCooldown(word: "0m"))
        #expect(problem("BTC above 100 every hour") == .notCooldown(word: "hour"))
        #expect(problem("BTC above 100 for 0m") == .notLifetime(word: "0m"))
        #expect(problem("BTC above 100 for 366d") == .notLifetime(word: "366d"))
        #expect(problem("BTC above 100 every 1h for 30s") == .notLifetime(word: "30s"))
        #expect(problem("BTC above 100 for 7d every 8d") == .notCooldown(word: "8d"))
    }

    @Test func everyAndForBelongToNewAlertsOnly() {
        #expect(problem("delete 5 every 1h") == .notCondition(word: "delete"))
        #expect(problem("delete all for 7d") == .notCondition(word: "delete"))
        #expect(problem("snooze 12 1h every 1h") == .notCondition(word: "snooze"))
    }

    // MARK: - snooze

    @Test func snoozeTakesAnAlertsNumberAndAMinuteToAWeek() throws {
        #expect(try read("snooze 12 1h") == .snooze(id: 12, seconds: 3600))
        #expect(try read("SNOOZE #12 1d") == .snooze(id: 12, seconds: 86_400))
        #expect(try read("snooze 12 1m") == .snooze(id: 12, seconds: 60))
        #expect(try read("snooze 12 7d") == .snooze(id: 12, seconds: 604_800))
        for text in [
            "snooze", "snooze 12", "snooze 12 8d", "snooze 12 30s", "snooze 12 0m", "snooze twelve 1h",
            "snooze 0 1h", "snooze -3 1h", "snooze 12 1h more", "snooze 1h 12",
        ] {
            #expect(problem(text) == .snoozeWords, "\(text)")
        }
    }

    // MARK: - position

    @Test func positionAlertsReadTheirThreeForms() throws {
        func position(_ condition: AlertCondition, every: Int64? = nil) -> AlertRequest {
            .create(
                symbol: "positions", exchange: nil, condition: condition, repeatSeconds: every, lifetimeSeconds: nil)
        }
        #expect(try read("position liquidation within 5%") == position(.positionLiquidation(withinPercent: 5)))
        #expect(try read("position liq 5") == position(.positionLiquidation(withinPercent: 5)))
        #expect(try read("positions liquidation within 2.5%") == position(.positionLiquidation(withinPercent: 2.5)))
        #expect(try read("position pnl below -1.5K") == position(.positionPnl(below: -1500)))
        #expect(try read("position pnl < -1000") == position(.positionPnl(below: -1000)))
        #expect(try read("position pnl below 250") == position(.positionPnl(below: 250)))
        #expect(try read("position funding above 25") == position(.positionFunding(above: 25)))
        #expect(try read("position funding > $2k") == position(.positionFunding(above: 2000)))
        #expect(
            try read("position liquidation within 5% every 1h")
                == position(.positionLiquidation(withinPercent: 5), every: 3600))
    }

    @Test func badPositionWordsAreOneProblem() {
        for text in [
            "position", "position liquidation", "position liquidation within", "position liquidation within 0%",
            "position liquidation within 101%", "position liquidation within 5% 6%", "position liq five",
            "position pnl", "position pnl below", "position pnl above -1000", "position pnl below lots",
            "position pnl below 20B", "position pnl below -1000 binance", "position funding above -5",
            "position funding above 0", "position funding below 25", "position oi 5%", "position BTC above 100",
        ] {
            #expect(problem(text) == .positionWords, "\(text)")
        }
    }

    // MARK: - /digest HH:MM [zone]

    static func digest(_ text: String) throws(ScheduleProblem) -> (minute: Int, zone: String) {
        try CommandGrammar.digestTime(text.split(separator: " ").map(String.init))
    }

    static func digestProblem(_ text: String) -> ScheduleProblem? {
        do {
            _ = try digest(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aDigestTimeTakesAZoneAsTheDatabaseSpellsIt() throws {
        let plain = try Self.digest("08:00")
        #expect(plain.minute == 480 && plain.zone == "UTC")
        let berlin = try Self.digest("8:00 Europe/Berlin")
        #expect(berlin.minute == 480 && berlin.zone == "Europe/Berlin")
        let lower = try Self.digest("23:59 europe/berlin")
        #expect(lower.minute == 23 * 60 + 59 && lower.zone == "Europe/Berlin", "found in lower case")
        #expect(try Self.digest("00:00 america/new_york").zone == "America/New_York")
        #expect(try Self.digest("00:00").minute == 0)

        #expect(Self.digestProblem("25:00") == .time(word: "25:00"))
        #expect(Self.digestProblem("08:60") == .time(word: "08:60"))
        #expect(Self.digestProblem("8") == .time(word: "8"))
        #expect(Self.digestProblem("8:0") == .time(word: "8:0"))
        #expect(Self.digestProblem("") == .time(word: ""))
        #expect(Self.digestProblem("08:00 Mars/Olympus") == .zone(word: "Mars/Olympus"))
        #expect(Self.digestProblem("08:00 ../etc/passwd") == .zone(word: "../etc/passwd"))
        #expect(Self.digestProblem("08:00 Europe/Berlin please") == .zone(word: "please"))
    }

    // MARK: - /settings quiet HH:MM-HH:MM [zone] [silent|hold]

    static func quiet(_ text: String) throws(ScheduleProblem) -> QuietHours {
        try CommandGrammar.quietHours(text.split(separator: " ").map(String.init))
    }

    static func quietProblem(_ text: String) -> ScheduleProblem? {
        do {
            _ = try quiet(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func quietHoursTakeAZoneAndAModeInEitherOrder() throws {
        #expect(try Self.quiet("23:00-07:00") == QuietHours(start: 23 * 60, end: 7 * 60, zone: "UTC", mode: .silent))
        let held = QuietHours(start: 23 * 60, end: 7 * 60, zone: "Asia/Tokyo", mode: .hold)
        #expect(try Self.quiet("23:00-07:00 Asia/Tokyo hold") == held)
        #expect(try Self.quiet("23:00-07:00 hold Asia/Tokyo") == held)
        #expect(try Self.quiet("23:00–07:00 asia/tokyo HOLD") == held, "an en dash, the zone in lower case")
        #expect(
            try Self.quiet("9:30-17:45 silent")
                == QuietHours(start: 9 * 60 + 30, end: 17 * 60 + 45, zone: "UTC", mode: .silent))

        #expect(Self.quietProblem("07:00-07:00") == .range(word: "07:00-07:00"), "no length")
        #expect(Self.quietProblem("23:00") == .range(word: "23:00"))
        #expect(Self.quietProblem("23:00-7") == .range(word: "23:00-7"))
        #expect(Self.quietProblem("24:00-07:00") == .range(word: "24:00-07:00"))
        #expect(Self.quietProblem("") == .range(word: ""))
        #expect(Self.quietProblem("23:00-07:00 Mars/Olympus") == .zone(word: "Mars/Olympus"))
        #expect(Self.quietProblem("23:00-07:00 Asia/Tokyo loud") == .mode(word: "loud"))
        // Alone, `loud` may be a mistyped mode or a zone: either is said, and nothing is set.
        let loud = Self.quietProblem("23:00-07:00 loud")
        #expect(loud == .mode(word: "loud") || loud == .zone(word: "loud"), "\(String(describing: loud))")
    }
}
