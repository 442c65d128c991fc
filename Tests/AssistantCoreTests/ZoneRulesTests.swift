import Testing

@testable import AssistantCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The tz database read without Foundation's `TimeZone`: the system's files on this machine
/// (`/usr/share/zoneinfo`), their POSIX footers on their own, wall times that do not exist or
/// exist twice, names that try to leave the database, and files that are not files.
/// Every expected instant and offset was checked against python3's `zoneinfo` and glibc
/// (`TZ=… date`); where the two disagree (the zero-based `n` day rule) glibc's, which is POSIX's.
@Suite struct ZoneRulesTests {
    /// The UTC second of a date and time, e.g. `ZoneRulesTests.utc("2026-03-29", 1)`.
    static func utc(_ date: String, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        Int64(LocalDate(date)!.daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// A TZif version 2 file: an empty version-1 section, then the 64-bit one and `footer`.
    static func tzif(
        transitions: [(time: Int64, type: UInt8)] = [], offsets: [Int32] = [0], footer: String,
        version: UInt8 = UInt8(ascii: "2"), leapSeconds: Int = 0
    ) -> [UInt8] {
        func header(times: Int, types: Int, leaps: Int) -> [UInt8] {
            var bytes = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
            for count in [0, 0, leaps, times, types, 4] {
                bytes += withUnsafeBytes(of: UInt32(count).bigEndian, Array.init)
            }
            return bytes
        }
        var bytes = header(times: 0, types: 1, leaps: 0) + [0, 0, 0, 0, 0, 0] + Array("XXX\0".utf8)
        bytes += header(times: transitions.count, types: offsets.count, leaps: leapSeconds)
        for transition in transitions { bytes += withUnsafeBytes(of: transition.time.bigEndian, Array.init) }
        bytes += transitions.map(\.type)
        for offset in offsets { bytes += withUnsafeBytes(of: offset.bigEndian, Array.init) + [0, 0] }
        bytes += Array("XXX\0".utf8)
        bytes += [UInt8](repeating: 0, count: leapSeconds * 12)
        return bytes + Array("\n\(footer)\n".utf8)
    }

    /// The offset changes from `before` to `after` at exactly `instant`.
    struct KnownChange: Sendable, CustomTestStringConvertible {
        var zone: String
        var instant: Int64
        var before: Int
        var after: Int
        var testDescription: String { "\(zone) at \(instant): \(before) → \(after)" }

        init(_ zone: String, _ date: String, _ hour: Int, _ minute: Int = 0, from before: Int, to after: Int) {
            self.zone = zone
            self.instant = ZoneRulesTests.utc(date, hour, minute)
            self.before = before
            self.after = after
        }
    }

    // MARK: - The system's zones

    @Test(arguments: [
        // 2026, this year's rules.
        KnownChange("Europe/Berlin", "2026-03-29", 1, from: 3600, to: 7200),
        KnownChange("Europe/Berlin", "2026-10-25", 1, from: 7200, to: 3600),
        KnownChange("America/New_York", "2026-03-08", 7, from: -18_000, to: -14_400),
        KnownChange("America/New_York", "2026-11-01", 6, from: -14_400, to: -18_000),
        // A 30-minute DST, and the southern hemisphere: summer spans the new year.
        KnownChange("Australia/Lord_Howe", "2026-04-04", 15, from: 39_600, to: 37_800),
        KnownChange("Australia/Lord_Howe", "2026-10-03", 15, 30, from: 37_800, to: 39_600),
        KnownChange("Australia/Sydney", "2026-04-04", 16, from: 39_600, to: 36_000),
        KnownChange("Australia/Sydney", "2026-10-03", 16, from: 36_000, to: 39_600),
        // 2040: past the last transition even of a "fat" file (2037), so the footer decides.
        KnownChange("Europe/Berlin", "2040-03-25", 1, from: 3600, to: 7200),
        KnownChange("Europe/Berlin", "2040-10-28", 1, from: 7200, to: 3600),
        KnownChange("America/New_York", "2040-03-11", 7, from: -18_000, to: -14_400),
        KnownChange("America/New_York", "2040-11-04", 6, from: -14_400, to: -18_000),
        KnownChange("Australia/Lord_Howe", "2040-03-31", 15, from: 39_600, to: 37_800),
        KnownChange("Australia/Lord_Howe", "2040-10-06", 15, 30, from: 37_800, to: 39_600),
        KnownChange("Australia/Sydney", "2040-03-31", 16, from: 39_600, to: 36_000),
        // 1990: the transitions table, under rules that are not today's (Berlin ended in September).
        KnownChange("Europe/Berlin", "1990-03-25", 1, from: 3600, to: 7200),
        KnownChange("Europe/Berlin", "1990-09-30", 1, from: 7200, to: 3600),
        KnownChange("America/New_York", "1990-04-01", 7, from: -18_000, to: -14_400),
        KnownChange("America/New_York", "1990-10-28", 6, from: -14_400, to: -18_000),
        KnownChange("Australia/Lord_Howe", "1990-03-03", 15, from: 39_600, to: 37_800),
    ])
    func offsetsChangeAtTheKnownSecond(_ change: KnownChange) throws {
        let zone = try #require(ZoneRules.named(change.zone))
        #expect(zone.offset(at: change.instant - 1) == change.before)
        #expect(zone.offset(at: change.instant) == change.after)
    }

    @Test func oldDatesComeFromTheTableNotTheFooter() throws {
        let berlin = try #require(ZoneRules.named("Europe/Berlin"))
        let october1990 = Self.utc("1990-10-15", 12)
        let footer = try #require(berlin.rule)
        #expect(october1990 < berlin.transitions.last!)
        #expect(footer.offset(at: october1990) == 7200, "today's rule would still be in summer time")
        #expect(berlin.offset(at: october1990) == 3600, "1990's summer time ended on September 30")
        #expect(berlin.offset(at: Self.utc("1850-01-01", 0)) == 3208, "local mean time, before the first transition")
    }

    @Test func tokyoHasNoSummerTime() throws {
        let tokyo = try #require(ZoneRules.named("Asia/Tokyo"))
        for instant in [Self.utc("1990-06-01", 0), Self.utc("2026-01-15", 0), Self.utc("2026-07-15", 0)] {
            #expect(tokyo.offset(at: instant) == 32_400)
        }
        #expect(tokyo.offset(at: Self.utc("2100-07-15", 0)) == 32_400)
        #expect(tokyo.rule == ZoneRules.PosixRule(standardOffset: 32_400, daylight: nil))
    }

    @Test func localTimeIsTheWallCalendarAndClock() throws {
        let tokyo = try #require(ZoneRules.named("Asia/Tokyo"))
        let newYork = try #require(ZoneRules.named("America/New_York"))
        #expect(
            tokyo.local(at: Self.utc("2026-03-28", 20))
                == LocalTime(date: LocalDate(year: 2026, month: 3, day: 29), secondOfDay: 5 * 3600))
        let newYearsEve = newYork.local(at: Self.utc("2026-01-01", 3, 15, 7))
        #expect(newYearsEve.date == LocalDate(year: 2025, month: 12, day: 31))
        #expect(newYearsEve.secondOfDay == 22 * 3600 + 15 * 60 + 7)
        #expect(newYearsEve.minuteOfDay == 22 * 60 + 15)
        #expect(
            ZoneRules.utc.local(at: -1800)
                == LocalTime(date: LocalDate(year: 1969, month: 12, day: 31), secondOfDay: 84_600))
        // Nonsense instants are clamped, not trapped on.
        for zone in [newYork, tokyo, ZoneRules.utc] {
            _ = zone.local(at: .max)
            _ = zone.local(at: .min)
        }
    }

    // MARK: - From a wall time to an instant

    @Test func wallTimesBecomeInstants() throws {
        let berlin = try #require(ZoneRules.named("Europe/Berlin"))
        let tokyo = try #require(ZoneRules.named("Asia/Tokyo"))
        let june = LocalDate(year: 2026, month: 6, day: 1)
        #expect(berlin.instant(on: june, minuteOfDay: 8 * 60) == Self.utc("2026-06-01", 6))
        #expect(berlin.local(at: berlin.instant(on: june, minuteOfDay: 8 * 60)).minuteOfDay == 8 * 60)
        #expect(
            tokyo.instant(on: LocalDate(year: 2026, month: 3, day: 29), minuteOfDay: 23 * 60)
                == Self.utc("2026-03-29", 14))
        #expect(berlin.instant(on: june, minuteOfDay: 1440) == berlin.instant(on: june.next, minuteOfDay: 0))
        #expect(ZoneRules.utc.instant(on: june, minuteOfDay: 90) == Self.utc("2026-06-01", 1, 30))
    }

    /// Berlin 02:30 on 2026-03-29 does not happen: the clock jumps from 02:00 to 03:00 CEST.
    @Test func aSkippedWallTimeMovesForwardByTheGap() throws {
        let berlin = try #require(ZoneRules.named("Europe/Berlin"))
        let gap = berlin.instant(on: LocalDate(year: 2026, month: 3, day: 29), minuteOfDay: 2 * 60 + 30)
        #expect(gap == Self.utc("2026-03-29", 1, 30))
        #expect(berlin.local(at: gap).minuteOfDay == 3 * 60 + 30)

        let newYork = try #require(ZoneRules.named("America/New_York"))
        let newYorkGap = newYork.instant(on: LocalDate(year: 2026, month: 3, day: 8), minuteOfDay: 2 * 60 + 30)
        #expect(newYorkGap == Self.utc("2026-03-08", 7, 30))
        #expect(newYork.local(at: newYorkGap).minuteOfDay == 3 * 60 + 30)

        // Lord Howe skips half an hour: 02:15 becomes 02:45.
        let lordHowe = try #require(ZoneRules.named("Australia/Lord_Howe"))
        let lordHoweGap = lordHowe.instant(on: LocalDate(year: 2026, month: 10, day: 4), minuteOfDay: 2 * 60 + 15)
        #expect(lordHoweGap == Self.utc("2026-10-03", 15, 45))
        #expect(lordHowe.local(at: lordHoweGap).minuteOfDay == 2 * 60 + 45)
    }

    /// Berlin reads 02:30 twice on 2026-10-25 (CEST, then CET): the first one counts.
    @Test func aRepeatedWallTimeIsTheEarlierInstant() throws {
        let berlin = try #require(ZoneRules.named("Europe/Berlin"))
        let overlap = berlin.instant(on: LocalDate(year: 2026, month: 10, day: 25), minuteOfDay: 2 * 60 + 30)
        #expect(overlap == Self.utc("2026-10-25", 0, 30))
        #expect(berlin.local(at: overlap).minuteOfDay == 2 * 60 + 30)
        #expect(berlin.local(at: overlap + 3600).minuteOfDay == 2 * 60 + 30, "the later reading")

        let newYork = try #require(ZoneRules.named("America/New_York"))
        let newYorkOverlap = newYork.instant(on: LocalDate(year: 2026, month: 11, day: 1), minuteOfDay: 90)
        #expect(newYorkOverlap == Self.utc("2026-11-01", 5, 30))

        let lordHowe = try #require(ZoneRules.named("Australia/Lord_Howe"))
        let lordHoweOverlap = lordHowe.instant(
            on: LocalDate(year: 2026, month: 4, day: 5), minuteOfDay: 60 + 45)
        #expect(lordHoweOverlap == Self.utc("2026-04-04", 14, 45))
        #expect(lordHowe.local(at: lordHoweOverlap + 1800).minuteOfDay == 60 + 45, "the later reading")
    }

    // MARK: - Footers on their own (slim files)

    struct FooterCase: Sendable, CustomTestStringConvertible {
        var footer: String
        /// (instant, offset before it, offset from it on)
        var changes: [(instant: Int64, before: Int, after: Int)]
        var testDescription: String { footer }
    }

    @Test(arguments: [
        FooterCase(
            footer: "CET-1CEST,M3.5.0,M10.5.0/3",
            changes: [
                (ZoneRulesTests.utc("2026-03-29", 1), 3600, 7200), (ZoneRulesTests.utc("2026-10-25", 1), 7200, 3600),
            ]),
        FooterCase(
            footer: "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
            changes: [
                (ZoneRulesTests.utc("2026-04-04", 15), 39_600, 37_800),
                (ZoneRulesTests.utc("2026-10-03", 15, 30), 37_800, 39_600),
            ]),
        // Israel: Friday before the last Sunday of March, at 26:00 of the Thursday before.
        FooterCase(
            footer: "IST-2IDT,M3.4.4/26,M10.5.0",
            changes: [
                (ZoneRulesTests.utc("2026-03-27", 0), 7200, 10_800),
                (ZoneRulesTests.utc("2026-10-24", 23), 10_800, 7200),
            ]),
        // Greenland: a negative time, -1:00 (23:00 of the Saturday).
        FooterCase(
            footer: "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
            changes: [
                (ZoneRulesTests.utc("2026-03-29", 1), -7200, -3600),
                (ZoneRulesTests.utc("2026-10-25", 1), -3600, -7200),
            ]),
        // Ireland: "daylight" time is the winter one, an hour behind standard.
        FooterCase(
            footer: "IST-1GMT0,M10.5.0,M3.5.0/1",
            changes: [(ZoneRulesTests.utc("2026-03-29", 1), 0, 3600), (ZoneRulesTests.utc("2026-10-25", 1), 3600, 0)]),
        // Chile: 24:00, the midnight that ends the day.
        FooterCase(
            footer: "<-04>4<-03>,M9.1.6/24,M4.1.6/24",
            changes: [
                (ZoneRulesTests.utc("2026-04-05", 3), -10_800, -14_400),
                (ZoneRulesTests.utc("2026-09-06", 4), -14_400, -10_800),
            ]),
        // Jn never counts February 29: J60 is March 1 in every year.
        FooterCase(
            footer: "XXX3YYY,J60/2,J300/2",
            changes: [
                (ZoneRulesTests.utc("2024-03-01", 5), -10_800, -7200),
                (ZoneRulesTests.utc("2026-03-01", 5), -10_800, -7200),
                (ZoneRulesTests.utc("2026-10-27", 4), -7200, -10_800),
            ]),
        // n counts it, from 0: day 59 is February 29 in a leap year, March 1 otherwise.
        FooterCase(
            footer: "XXX3YYY,59/2,299/2",
            changes: [
                (ZoneRulesTests.utc("2024-02-29", 5), -10_800, -7200),
                (ZoneRulesTests.utc("2026-03-01", 5), -10_800, -7200),
                (ZoneRulesTests.utc("2026-10-27", 4), -7200, -10_800),
            ]),
        // RFC 8536's extension: hours from -167 to 167, a week either way.
        FooterCase(
            footer: "AAA-1BBB-3,M3.5.0/-167,M10.5.0/167",
            changes: [
                (ZoneRulesTests.utc("2026-03-22", 0), 3600, 10_800),
                (ZoneRulesTests.utc("2026-10-31", 20), 10_800, 3600),
            ]),
    ])
    func footerRulesDecideAfterTheLastTransition(_ footerCase: FooterCase) throws {
        let zone = try #require(ZoneRules(identifier: "Test/Slim", tzif: Self.tzif(footer: footerCase.footer)))
        #expect(zone.transitions.isEmpty)
        for change in footerCase.changes {
            #expect(zone.offset(at: change.instant - 1) == change.before, "\(change.instant)")
            #expect(zone.offset(at: change.instant) == change.after, "\(change.instant)")
        }
    }

    @Test func footersWithoutChangesOrWithoutEnd() throws {
        let samoa = try #require(ZoneRules(identifier: "Test/Samoa", tzif: Self.tzif(footer: "<+13>-13")))
        #expect(samoa.offset(at: Self.utc("2026-07-01", 0)) == 46_800)
        #expect(samoa.local(at: Self.utc("2026-07-01", 12)).date == LocalDate(year: 2026, month: 7, day: 2))
        // RFC 8536 §3.3.1: starting January 1 at 00:00 and ending December 31 at 24:00 plus the
        // daylight saving is daylight saving all year, the turn of the year included.
        let always = try #require(ZoneRules(identifier: "Test/Always", tzif: Self.tzif(footer: "EST5EDT,0/0,J365/25")))
        for instant in [
            Self.utc("2025-12-31", 23, 59, 59), Self.utc("2026-01-01", 4, 59, 59), Self.utc("2026-01-01", 5),
            Self.utc("2026-07-01", 0), Self.utc("2024-12-31", 12),
        ] {
            #expect(always.offset(at: instant) == -14_400, "\(instant)")
        }
    }

    @Test(arguments: [
        "CET", "CET-1CEST", "CE-1", "<+1>-1", "<+03-3", "CET-25", "CET-1:60", "CET-1CEST,M3.5.0",
        "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
        "CET-1CEST,J0,J365", "CET-1CEST,366,1", "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0/3x",
        "CET-1CEST-2-3,M3.5.0,M10.5.0", "-1", "CET-1 ",
    ])
    func malformedFootersAreRefused(footer: String) {
        #expect(ZoneRules(identifier: "Test/Bad", tzif: Self.tzif(footer: footer)) == nil)
    }

    @Test func theTableAloneWhenTheFooterIsEmpty() throws {
        let zone = try #require(
            ZoneRules(
                identifier: "Test/Table",
                tzif: Self.tzif(transitions: [(1000, 1), (2000, 0)], offsets: [0, 3600], footer: "")))
        #expect(zone.offset(at: 999) == 0)
        #expect(zone.offset(at: 1000) == 3600)
        #expect(zone.offset(at: 1999) == 3600)
        #expect(zone.offset(at: 2000) == 0)
        #expect(zone.offset(at: .max) == 0, "the last offset stays")
        #expect(zone.offset(at: .min) == 0, "before the first transition: time type 0")
    }

    // MARK: - Names

    @Test(arguments: [
        "../etc/passwd", "/etc/passwd", "", "Europe/Nowhere", "Europe/../Europe/Berlin", "Europe//Berlin",
        "Europe/Berlin/", "Europe/Berlin ", "Europe/Berlin\0", "europe/berlin", "Europe", "zone.tab",
        "./Europe/Berlin", "Europe/Berlin\n", "right/Europe/Berlin", String(repeating: "A", count: 65),
    ])
    func hostileOrUnknownNamesAreRefused(name: String) {
        #expect(ZoneRules.named(name) == nil)
    }

    @Test func namesAreSegmentsOfPlainCharacters() throws {
        #expect(ZoneRules.isAcceptableName(String(repeating: "A", count: 64)))
        #expect(ZoneRules.isAcceptableName("America/Argentina/Buenos_Aires"))
        #expect(ZoneRules.isAcceptableName("America/Port-au-Prince"))
        #expect(!ZoneRules.isAcceptableName("Europe/Berlín"))
        let fivewest = try #require(ZoneRules.named("Etc/GMT+5"))
        #expect(fivewest.offset(at: 0) == -18_000, "POSIX signs: GMT+5 is five hours west")
    }

    @Test func utcNeedsNoFileAndZonesAreReadOnce() throws {
        for name in ["UTC", "Etc/UTC"] {
            let zone = try #require(ZoneRules.named(name))
            #expect(zone.identifier == name)
            #expect(zone.offset(at: Self.utc("2026-07-01", 0)) == 0)
        }
        #expect(ZoneRules.named("UTC") == .utc)
        let berlin = try #require(ZoneRules.named("Europe/Berlin"))
        #expect(berlin.identifier == "Europe/Berlin")
        #expect(ZoneRules.named("Europe/Berlin") == berlin)
    }

    // MARK: - Files that are not TZif

    @Test func everyTruncationOfARealFileIsRefused() throws {
        let bytes = try #require(ZoneRules.fileBytes(named: "Europe/Berlin"))
        #expect(ZoneRules(identifier: "Europe/Berlin", tzif: bytes) != nil)
        let accepted = (0..<bytes.count).filter { ZoneRules(identifier: "Cut", tzif: Array(bytes[..<$0])) != nil }
        #expect(accepted.isEmpty)
        let slim = Self.tzif(transitions: [(1000, 1)], offsets: [0, 3600], footer: "CET-1CEST,M3.5.0,M10.5.0/3")
        #expect(ZoneRules(identifier: "Slim", tzif: slim) != nil)
        #expect((0..<slim.count).allSatisfy { ZoneRules(identifier: "Cut", tzif: Array(slim[..<$0])) == nil })
    }

    @Test func malformedTablesAreRefused() {
        let footer = "CET-1CEST,M3.5.0,M10.5.0/3"
        #expect(ZoneRules(identifier: "V1", tzif: Self.tzif(footer: footer, version: 0)) == nil, "version 1 only")
        #expect(ZoneRules(identifier: "V9", tzif: Self.tzif(footer: footer, version: UInt8(ascii: "x"))) == nil)
        #expect(ZoneRules(identifier: "Leap", tzif: Self.tzif(footer: footer, leapSeconds: 1)) == nil)
        #expect(
            ZoneRules(identifier: "Type", tzif: Self.tzif(transitions: [(1000, 1)], offsets: [0], footer: footer))
                == nil,
            "a type index past the types")
        #expect(
            ZoneRules(
                identifier: "Order", tzif: Self.tzif(transitions: [(2000, 0), (1000, 0)], offsets: [0], footer: footer))
                == nil, "transitions out of order")
        #expect(ZoneRules(identifier: "Types", tzif: Self.tzif(offsets: [], footer: footer)) == nil, "no types")
        #expect(ZoneRules(identifier: "Huge", tzif: Self.tzif(offsets: [27 * 3600], footer: footer)) == nil)
        var noFinalNewline = Self.tzif(footer: footer)
        noFinalNewline.removeLast()
        #expect(ZoneRules(identifier: "Open", tzif: noFinalNewline) == nil)
    }

    /// Random bytes, and a real file with bytes overwritten: refused or read, never a trap.
    @Test func garbageNeverTraps() throws {
        var generator = SplitMix(seed: 0x5EED)
        for length in 0..<400 {
            let noise = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(ZoneRules(identifier: "Noise", tzif: noise) == nil)
            #expect(ZoneRules(identifier: "Noise", tzif: Array("TZif2".utf8) + noise) == nil)
        }
        let berlin = try #require(ZoneRules.fileBytes(named: "Europe/Berlin"))
        for _ in 0..<3000 {
            var damaged = berlin
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                damaged[Int(generator.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let zone = ZoneRules(identifier: "Damaged", tzif: damaged) {
                _ = zone.local(at: Self.utc("2026-03-29", 1))
                _ = zone.instant(on: LocalDate(year: 2026, month: 3, day: 29), minuteOfDay: 150)
            }
        }
        // Each count of the 64-bit header at its largest.
        let start = try #require((4..<(berlin.count - 4)).first { berlin[$0..<($0 + 4)].elementsEqual("TZif".utf8) })
        for field in 0..<6 {
            var damaged = berlin
            for index in 0..<4 { damaged[start + 20 + field * 4 + index] = 0xFF }
            #expect(ZoneRules(identifier: "Counts", tzif: damaged) == nil, "count \(field)")
        }
    }

    /// A deterministic stream of numbers for the garbage above (SplitMix64).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }
}

/// Calendar days counted without `Calendar`.
@Suite struct LocalDateTests {
    @Test func daysSince1970() {
        #expect(LocalDate(year: 1970, month: 1, day: 1).daysSince1970 == 0)
        #expect(LocalDate(year: 1969, month: 12, day: 31).daysSince1970 == -1)
        #expect(LocalDate(year: 2000, month: 2, day: 29).daysSince1970 == 11_016)
        #expect(LocalDate(year: 2100, month: 2, day: 28).daysSince1970 == 47_540)
        #expect(LocalDate(year: 2100, month: 3, day: 1).daysSince1970 == 47_541, "2100 has no February 29")
        #expect(LocalDate(year: 1900, month: 3, day: 1).daysSince1970 == -25_508)
        #expect(LocalDate(year: 1600, month: 2, day: 29).daysSince1970 == -135_081)
        #expect(LocalDate(year: 1, month: 1, day: 1).daysSince1970 == -719_162)
        #expect(LocalDate(year: 9999, month: 12, day: 31).daysSince1970 == 2_932_896)
        #expect(ZoneRulesTests.utc("2026-03-29", 1) == 1_774_746_000)
    }

    @Test func roundTripsDayByDayAcrossLeapYears() {
        var date = LocalDate(year: 1599, month: 12, day: 1)
        var mismatches: [String] = []
        for days in -135_171...47_600 {
            if LocalDate(daysSince1970: days) != date || date.daysSince1970 != days {
                mismatches.append("\(days) \(date)")
            }
            date = date.next
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) days, from \(mismatches.prefix(3))")
        #expect(date == LocalDate(year: 2100, month: 4, day: 30))
        #expect(LocalDate(daysSince1970: 11_016) == LocalDate(year: 2000, month: 2, day: 29))
        #expect(LocalDate(daysSince1970: 47_541) == LocalDate(year: 2100, month: 3, day: 1))
    }

    @Test func nextAndPreviousCrossMonthsAndYears() {
        let pairs: [(LocalDate, LocalDate)] = [
            (LocalDate(year: 2026, month: 12, day: 31), LocalDate(year: 2027, month: 1, day: 1)),
            (LocalDate(year: 2026, month: 4, day: 30), LocalDate(year: 2026, month: 5, day: 1)),
            (LocalDate(year: 2026, month: 2, day: 28), LocalDate(year: 2026, month: 3, day: 1)),
            (LocalDate(year: 2024, month: 2, day: 28), LocalDate(year: 2024, month: 2, day: 29)),
            (LocalDate(year: 2024, month: 2, day: 29), LocalDate(year: 2024, month: 3, day: 1)),
            (LocalDate(year: 2000, month: 2, day: 28), LocalDate(year: 2000, month: 2, day: 29)),
            (LocalDate(year: 2100, month: 2, day: 28), LocalDate(year: 2100, month: 3, day: 1)),
            (LocalDate(year: 1969, month: 12, day: 31), LocalDate(year: 1970, month: 1, day: 1)),
        ]
        for (day, following) in pairs {
            #expect(day.next == following, "\(day)")
            #expect(following.previous == day, "\(following)")
        }
    }

    @Test func textAndOrder() throws {
        #expect(LocalDate(year: 2026, month: 3, day: 29).description == "2026-03-29")
        #expect(LocalDate(year: 812, month: 1, day: 5).description == "0812-01-05")
        #expect(LocalDate("2026-03-29") == LocalDate(year: 2026, month: 3, day: 29))
        #expect(LocalDate("2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        for text in [
            "2026-3-29", "2026-02-29", "2100-02-29", "2024-02-30", "2026-13-01", "2026-00-10", "2026-04-00",
            "abcd-ef-gh", "2026-03-29 ", "+026-03-29", "2026/03/29", "",
        ] {
            #expect(LocalDate(text) == nil, "\(text)")
        }
        let dates = ["2026-03-29", "2025-12-31", "2026-03-01", "2026-02-28"].compactMap(LocalDate.init)
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-02-28", "2026-03-01", "2026-03-29"])
        #expect(LocalDate(year: 1970, month: 1, day: 1).weekday == 4, "a Thursday")
        #expect(LocalDate(year: 2026, month: 3, day: 29).weekday == 0, "a Sunday")
        #expect(LocalDate(year: 1969, month: 12, day: 28).weekday == 0, "a Sunday")
    }

    @Test func codedAsItsText() throws {
        let dates = [LocalDate(year: 2026, month: 3, day: 29)]
        let json = try JSONEncoder().encode(dates)
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-03-29"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: json) == dates)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
