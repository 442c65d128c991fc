import MarketEngine
import Testing

@testable import AssistantCore

/// When a daily digest is due in a zone with summer time — its minute, the catch-up hour,
/// once a day, the days the clocks change — and quiet hours across midnight.
@Suite struct DigestScheduleTests {
    /// The UTC second of a UTC calendar time.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Int64 {
        Int64(LocalDate(year: year, month: month, day: day).daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    static func berlin() throws -> ZoneRules {
        try #require(ZoneRules.named("Europe/Berlin"))
    }

    /// A Berlin digest at `hour:minute`.
    static func digest(_ hour: Int, _ minute: Int = 0, lastDay: String? = nil) -> DigestSchedule {
        DigestSchedule(
            minuteOfDay: hour * 60 + minute, zone: "Europe/Berlin", exchange: .binance, language: .english,
            lastDay: lastDay)
    }

    static let january15 = LocalDate(year: 2026, month: 1, day: 15)

    @Test func theInstantsBelowAreTheOnesComputedByHand() {
        #expect(Self.utc(2026, 1, 15, 7) == 1_768_460_400)  // 2026-01-15 07:00 UTC, 08:00 CET
        #expect(Self.utc(2026, 3, 29, 1, 30) == 1_774_747_800)  // 2026-03-29 01:30 UTC, 03:30 CEST
        #expect(Self.utc(2026, 10, 25, 0, 30) == 1_792_888_200)  // 2026-10-25 00:30 UTC, 02:30 CEST
        #expect(Self.utc(2026, 10, 25, 1, 30) == 1_792_891_800)  // 2026-10-25 01:30 UTC, 02:30 CET
    }

    @Test func dueFromItsMinuteThroughTheCatchUpHour() throws {
        let berlin = try Self.berlin()
        let digest = Self.digest(8)
        // Winter: 08:00 CET is 07:00 UTC.
        #expect(digest.dueDay(at: Self.utc(2026, 1, 15, 6, 59), rules: berlin) == nil, "07:59")
        #expect(digest.dueDay(at: Self.utc(2026, 1, 15, 7), rules: berlin) == Self.january15, "08:00")
        #expect(digest.dueDay(at: Self.utc(2026, 1, 15, 7, 59), rules: berlin) == Self.january15, "08:59: caught up")
        #expect(digest.dueDay(at: Self.utc(2026, 1, 15, 7, 59) + 59, rules: berlin) == Self.january15, "08:59:59")
        #expect(digest.dueDay(at: Self.utc(2026, 1, 15, 8), rules: berlin) == nil, "09:00: past the catch-up hour")
        #expect(digest.dueDay(at: Self.utc(2026, 1, 15, 12), rules: berlin) == nil, "13:00")
        // Summer: 08:00 CEST is 06:00 UTC.
        let june = LocalDate(year: 2026, month: 6, day: 1)
        #expect(digest.dueDay(at: Self.utc(2026, 6, 1, 5, 59), rules: berlin) == nil)
        #expect(digest.dueDay(at: Self.utc(2026, 6, 1, 6), rules: berlin) == june)
        #expect(digest.dueDay(at: Self.utc(2026, 6, 1, 7), rules: berlin) == nil)
    }

    @Test func notAgainOnceItsDayIsPosted() throws {
        let berlin = try Self.berlin()
        let posted = Self.digest(8, lastDay: "2026-01-15")
        for now in [Self.utc(2026, 1, 15, 7), Self.utc(2026, 1, 15, 7, 30), Self.utc(2026, 1, 15, 7, 59)] {
            #expect(posted.dueDay(at: now, rules: berlin) == nil)
        }
        #expect(posted.dueDay(at: Self.utc(2026, 1, 16, 7), rules: berlin) == Self.january15.next, "the next morning")
        // Yesterday's posted, today's not yet.
        let yesterday = Self.digest(8, lastDay: "2026-01-14")
        #expect(yesterday.dueDay(at: Self.utc(2026, 1, 15, 7, 30), rules: berlin) == Self.january15)
    }

    @Test func lateInTheDayIsCaughtUpAfterMidnight() throws {
        let berlin = try Self.berlin()
        // 23:50 CET on the 14th is 22:50 UTC; at 00:10 CET on the 15th (23:10 UTC) it is still due.
        let late = Self.digest(23, 50)
        let fourteenth = LocalDate(year: 2026, month: 1, day: 14)
        #expect(late.dueDay(at: Self.utc(2026, 1, 14, 23, 10), rules: berlin) == fourteenth)
        #expect(late.dueDay(at: Self.utc(2026, 1, 14, 23, 50), rules: berlin) == nil, "00:50: past the hour")
    }

    @Test func inTheSpringForwardGapItIsDueWhenTheClocksHavePassedIt() throws {
        let berlin = try Self.berlin()
        let digest = Self.digest(2, 30)
        let day = LocalDate(year: 2026, month: 3, day: 29)
        // At 01:00 UTC the clocks go from 02:00 CET to 03:00 CEST: 02:30 never shows. It is
        // moved on by the gap, to 03:30 CEST, 01:30 UTC.
        let due = Self.utc(2026, 3, 29, 1, 30)
        #expect(berlin.local(at: due).minuteOfDay == 3 * 60 + 30)
        #expect(digest.dueDay(at: Self.utc(2026, 3, 29, 1), rules: berlin) == nil, "03:00 CEST")
        #expect(digest.dueDay(at: due - 60, rules: berlin) == nil, "03:29 CEST")
        #expect(digest.dueDay(at: due, rules: berlin) == day, "03:30 CEST")
        #expect(digest.dueDay(at: due + 3599, rules: berlin) == day)
        #expect(digest.dueDay(at: due + 3600, rules: berlin) == nil)
    }

    @Test func inTheFallBackOverlapItIsDueOnceAtTheFirst() throws {
        let berlin = try Self.berlin()
        let digest = Self.digest(2, 30)
        let day = LocalDate(year: 2026, month: 10, day: 25)
        let first = Self.utc(2026, 10, 25, 0, 30)  // 02:30 CEST
        let second = Self.utc(2026, 10, 25, 1, 30)  // 02:30 CET, an hour later
        #expect(berlin.local(at: first).minuteOfDay == 150 && berlin.local(at: second).minuteOfDay == 150)
        #expect(digest.dueDay(at: first - 60, rules: berlin) == nil)
        #expect(digest.dueDay(at: first, rules: berlin) == day)
        // Posted at the first: nothing in between, nothing at the second.
        let claimed = try #require(DigestSchedule.claim(digest.payload, day: day))
        let posted = try #require(DigestSchedule(payload: claimed))
        #expect(posted.lastDay == "2026-10-25")
        for now in [first + 60, second - 60, second, second + 1800] {
            #expect(posted.dueDay(at: now, rules: berlin) == nil, "\(now - first) s after the first")
        }
        // Not posted (the process was down), the second 02:30 is still not a second due time:
        // the catch-up hour from the first has just run out.
        #expect(digest.dueDay(at: second - 60, rules: berlin) == day)
        #expect(digest.dueDay(at: second, rules: berlin) == nil)
    }

    @Test func aDayIsClaimedOnce() throws {
        let digest = Self.digest(8, lastDay: "2026-01-14")
        let claimed = try #require(DigestSchedule.claim(digest.payload, day: Self.january15))
        #expect(DigestSchedule(payload: claimed)?.lastDay == "2026-01-15")
        #expect(DigestSchedule.claim(claimed, day: Self.january15) == nil, "another leader posted it")
        #expect(DigestSchedule.claim(claimed, day: Self.january15.previous) == nil, "an earlier day")
        #expect(DigestSchedule.claim(claimed, day: Self.january15.next) != nil)
        #expect(DigestSchedule.claim(Self.digest(8).payload, day: Self.january15) != nil, "never posted")
    }

    @Test func aScheduleMadeAfterItsMinuteStartsTheNextDay() throws {
        let berlin = try Self.berlin()
        let at0820 = Self.utc(2026, 1, 15, 7, 20)  // 08:20 CET
        let at0750 = Self.utc(2026, 1, 15, 6, 50)  // 07:50 CET
        #expect(DigestSchedule.lastDayPassed(480, at: at0820, rules: berlin) == "2026-01-15")
        #expect(DigestSchedule.lastDayPassed(480, at: at0750, rules: berlin) == "2026-01-14")
        #expect(DigestSchedule.lastDayPassed(480, at: Self.utc(2026, 1, 15, 7), rules: berlin) == "2026-01-15", "08:00")
        // Made at 08:20: nothing at 08:30, the first one the next morning.
        let late = Self.digest(8, lastDay: DigestSchedule.lastDayPassed(480, at: at0820, rules: berlin))
        #expect(late.dueDay(at: Self.utc(2026, 1, 15, 7, 30), rules: berlin) == nil)
        #expect(late.dueDay(at: Self.utc(2026, 1, 16, 7), rules: berlin) == Self.january15.next)
        // Made at 07:50: due at 08:00 the same day.
        let early = Self.digest(8, lastDay: DigestSchedule.lastDayPassed(480, at: at0750, rules: berlin))
        #expect(early.dueDay(at: Self.utc(2026, 1, 15, 7), rules: berlin) == Self.january15)
    }

    // MARK: - Quiet hours

    @Test func quietHoursAcrossMidnightInTokyo() throws {
        let tokyo = try #require(ZoneRules.named("Asia/Tokyo"))
        let quiet = QuietHours(start: 23 * 60, end: 7 * 60, zone: "Asia/Tokyo", mode: .hold)
        // Tokyo is UTC+9 all year: 23:00 JST is 14:00 UTC, 07:00 JST is 22:00 UTC.
        let cases: [(now: Int64, inside: Bool, local: String)] = [
            (Self.utc(2026, 1, 15, 13, 59), false, "22:59"),
            (Self.utc(2026, 1, 15, 14), true, "23:00"),
            (Self.utc(2026, 1, 15, 15), true, "00:00"),
            (Self.utc(2026, 1, 15, 18), true, "03:00"),
            (Self.utc(2026, 1, 15, 21, 59), true, "06:59"),
            (Self.utc(2026, 1, 15, 22), false, "07:00"),
            (Self.utc(2026, 1, 16, 3), false, "12:00"),
        ]
        for (now, inside, local) in cases {
            #expect(quiet.contains(now, rules: tokyo) == inside, "\(local) JST")
            #expect(quiet.contains(now) == inside, "\(local) JST, the zone found by its name")
        }
        // The same hours in UTC are other instants: 14:00 UTC is outside them.
        #expect(!QuietHours(start: 23 * 60, end: 7 * 60, zone: "UTC").contains(Self.utc(2026, 1, 15, 14)))
        // Within one day: from the start, up to but not including the end.
        let office = QuietHours(start: 9 * 60, end: 17 * 60, zone: "Asia/Tokyo")
        #expect(!office.contains(Self.utc(2026, 1, 14, 23, 59), rules: tokyo), "08:59 JST")
        #expect(office.contains(Self.utc(2026, 1, 15, 0), rules: tokyo), "09:00 JST")
        #expect(!office.contains(Self.utc(2026, 1, 15, 8), rules: tokyo), "17:00 JST")
    }
}
