import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// When the wall clock of one IANA zone ("Europe/Berlin") says what, read from the system's
/// tz database: we link FoundationEssentials only, whose `TimeZone` knows no names. A file
/// (TZif, RFC 8536) lists the zone's past changes; its footer, a POSIX TZ string, rules every
/// instant after the last listed one — on a "slim" file, all of the present.
public struct ZoneRules: Sendable, Equatable {
    /// The name it was asked by, as given: "Europe/Berlin".
    public let identifier: String
    /// UTC seconds at which the offset changes, strictly ascending.
    let transitions: [Int64]
    /// `offsets[i]` holds from `transitions[i]` until the next one.
    let offsets: [Int]
    /// Before the first transition (the file's time type 0).
    let initialOffset: Int
    /// From the last transition on (or always, when there is none); nil keeps the last offset.
    let rule: PosixRule?

    public static let utc = ZoneRules(identifier: "UTC", transitions: [], offsets: [], initialOffset: 0, rule: nil)

    init(identifier: String, transitions: [Int64], offsets: [Int], initialOffset: Int, rule: PosixRule?) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.rule = rule
    }

    // MARK: - Loading

    /// Zones read once per process: the scheduler asks for every subscriber's zone on each pass
    /// (every 15 s). Only zones that loaded are kept, so the dictionary is bounded by the files
    /// in the database, whatever names users type; a refused name costs one failed open a time.
    private static let loaded = Mutex<[String: ZoneRules]>([:])

    /// The zone of that IANA name from `$TZDIR` (else `/usr/share/zoneinfo`), or nil for a name
    /// that is not a plain relative path, a missing or unreadable file, or one we cannot parse.
    /// "UTC" and "Etc/UTC" need no file. Names are case-sensitive, as the files are.
    public static func named(_ identifier: String) -> ZoneRules? {
        guard isAcceptableName(identifier) else { return nil }
        if identifier == "UTC" || identifier == "Etc/UTC" {
            return ZoneRules(identifier: identifier, transitions: [], offsets: [], initialOffset: 0, rule: nil)
        }
        if let cached = loaded.withLock({ $0[identifier] }) { return cached }
        // Read outside the lock: nothing slow is done while it is held.
        guard let bytes = fileBytes(named: identifier), let rules = ZoneRules(identifier: identifier, tzif: bytes)
        else { return nil }
        loaded.withLock { $0[identifier] = rules }
        return rules
    }

    /// A name is only ever a path below the database: segments of `[A-Za-z0-9_+-]` joined by
    /// `/`, so no `..`, no leading `/`, nothing a shell or the file system reads specially.
    static func isAcceptableName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 64 else { return false }
        var segmentLength = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "/"):
                guard segmentLength > 0 else { return false }
                segmentLength = 0
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                segmentLength += 1
            default:
                return false
            }
        }
        return segmentLength > 0
    }

    /// The raw file of an (accepted) name; `TZDIR` replaces the default directory, as in glibc.
    static func fileBytes(named identifier: String) -> [UInt8]? {
        let configured = ProcessInfo.processInfo.environment["TZDIR"] ?? ""
        let directory = configured.isEmpty ? "/usr/share/zoneinfo" : configured
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + identifier)) else { return nil }
        return [UInt8](data)
    }

    // MARK: - Parsing

    /// Reads a TZif file of version 2 or later: its 64-bit section and footer (the 32-bit
    /// section of version 1 ends in 2038 and is skipped). Nil for anything malformed or cut
    /// short, and for files with leap seconds (`right/…`), whose times are not POSIX seconds.
    public init?(identifier: String, tzif bytes: [UInt8]) {
        var cursor = ByteCursor(bytes)
        guard let legacy = TZifHeader(&cursor), legacy.version >= 2, cursor.skip(legacy.blockSize(timeSize: 4)),
            let header = TZifHeader(&cursor), header.version >= 2,
            header.leapCount == 0, header.typeCount >= 1, header.charCount >= 1,
            header.standardIndicatorCount == 0 || header.standardIndicatorCount == header.typeCount,
            header.utIndicatorCount == 0 || header.utIndicatorCount == header.typeCount
        else { return nil }

        var transitions: [Int64] = []
        transitions.reserveCapacity(min(header.timeCount, bytes.count / 8))
        for _ in 0..<header.timeCount {
            guard let time = cursor.bigEndian(size: 8), transitions.last.map({ $0 < time }) ?? true else { return nil }
            transitions.append(time)
        }
        var typeIndices: [Int] = []
        typeIndices.reserveCapacity(min(header.timeCount, bytes.count))
        for _ in 0..<header.timeCount {
            guard let index = cursor.byte(), Int(index) < header.typeCount else { return nil }
            typeIndices.append(Int(index))
        }
        var typeOffsets: [Int] = []
        for _ in 0..<header.typeCount {
            // A ttinfo: utoff (int32), isdst, desigidx. Offsets beyond ±26 h exist in no zone and
            // would break `instant(on:minuteOfDay:)`'s search window.
            guard let offset = cursor.bigEndian(size: 4), abs(offset) <= 26 * 3600,
                let isDaylight = cursor.byte(), isDaylight <= 1,
                let designation = cursor.byte(), Int(designation) < header.charCount
            else { return nil }
            typeOffsets.append(Int(offset))
        }
        // Designations, leap seconds (none), standard/wall and UT/local indicators: unused.
        guard cursor.skip(header.charCount + header.standardIndicatorCount + header.utIndicatorCount) else {
            return nil
        }

        guard cursor.byte() == UInt8(ascii: "\n"), let footer = cursor.bytes(upTo: UInt8(ascii: "\n")) else {
            return nil
        }
        let rule: PosixRule?
        if footer.isEmpty {
            rule = nil
        } else {
            guard let parsed = PosixRule(footer) else { return nil }
            rule = parsed
        }
        self.init(
            identifier: identifier, transitions: transitions, offsets: typeIndices.map { typeOffsets[$0] },
            initialOffset: typeOffsets[0], rule: rule)
    }

    // MARK: - Questions

    /// Instants this far from 1970 (±142 million years) are taken as the nearest one this far:
    /// the footer's calendar arithmetic stays far from overflowing.
    static let supportedSeconds: ClosedRange<Int64> = -(1 << 52)...(1 << 52)

    /// Seconds east of UTC in effect at that instant.
    public func offset(at utcSeconds: Int64) -> Int {
        guard let last = transitions.last else { return rule?.offset(at: utcSeconds) ?? initialOffset }
        if utcSeconds >= last, let rule { return rule.offset(at: utcSeconds) }
        // The number of transitions at or before the instant.
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= utcSeconds { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : offsets[low - 1]
    }

    /// The wall calendar and clock at that instant.
    public func local(at utcSeconds: Int64) -> LocalTime {
        let instant = min(max(utcSeconds, Self.supportedSeconds.lowerBound), Self.supportedSeconds.upperBound)
        let (days, second) = (instant + Int64(offset(at: instant))).floorDivided(by: 86_400)
        return LocalTime(date: LocalDate(daysSince1970: Int(days)), secondOfDay: Int(second))
    }

    /// The UTC second at which the wall clock reads `minuteOfDay` (0 = midnight; beyond a day
    /// counts on) on that date. A time the clock skips (a spring-forward gap) is moved forward
    /// by the gap — 02:30 on Berlin's change day is 03:30 CEST, 01:30 UTC — so a digest due
    /// then still comes that day; a time it reads twice (an overlap) is the earlier instant, so
    /// it comes once.
    public func instant(on date: LocalDate, minuteOfDay: Int) -> Int64 {
        let wall = Int64(date.daysSince1970) * 86_400 + Int64(minuteOfDay) * 60
        // Any change that touches this wall time happens within a day of it (offsets are within
        // ±26 h), so the offsets two days either side are the ones before and after it.
        let before = offset(at: wall - 2 * 86_400)
        let after = offset(at: wall + 2 * 86_400)
        let readings = [before, after].filter { offset(at: wall - Int64($0)) == $0 }.map { wall - Int64($0) }
        // No reading: the gap, counted with the offset before it, lands past the change.
        return readings.min() ?? wall - Int64(before)
    }
}

/// A wall calendar day and clock time in some zone.
public struct LocalTime: Sendable, Equatable {
    public var date: LocalDate
    /// 0 through 86,399.
    public var secondOfDay: Int
    public var minuteOfDay: Int { secondOfDay / 60 }

    public init(date: LocalDate, secondOfDay: Int) {
        self.date = date
        self.secondOfDay = secondOfDay
    }
}

extension ZoneRules {
    /// A TZif footer: a POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`) with RFC 8536's extensions
    /// (transition hours from -167 to 167). POSIX offsets count west; these count east.
    struct PosixRule: Sendable, Equatable {
        var standardOffset: Int
        var daylight: Daylight?

        struct Daylight: Sendable, Equatable {
            var offset: Int
            var start: Change
            var end: Change
        }

        /// One yearly change: a day, and the wall time on it in the offset in effect before.
        struct Change: Sendable, Equatable {
            var day: Day
            /// Seconds from that day's midnight; may be negative or past a day.
            var time: Int
        }

        enum Day: Sendable, Equatable {
            /// `Jn`: 1 through 365, February 29 never counted (J60 is always March 1).
            case julian(Int)
            /// `n`: 0 through 365, February 29 counted.
            case ordinal(Int)
            /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1–4, or 5 for the last) of month `m`.
            case weekday(month: Int, week: Int, weekday: Int)
        }

        func offset(at utcSeconds: Int64) -> Int {
            guard let daylight else { return standardOffset }
            let instant = min(
                max(utcSeconds, ZoneRules.supportedSeconds.lowerBound), ZoneRules.supportedSeconds.upperBound)
            let year = LocalDate(daysSince1970: Int((instant + Int64(standardOffset)).floorDivided(by: 86_400).0)).year
            // The latest change at or before the instant, among the years around it: a change's
            // time may carry it up to a week into the next or previous year. Of changes at the
            // same second the later year's wins, and within a year the end: "DST all year" is
            // written as an end at the very second the next year's start comes.
            var latest: (instant: Int64, year: Int, isEnd: Bool)?
            for changeYear in (year - 1)...(year + 1) {
                let start = daylight.start.instant(in: changeYear, offsetBefore: standardOffset)
                let end = daylight.end.instant(in: changeYear, offsetBefore: daylight.offset)
                for candidate in [(start, changeYear, false), (end, changeYear, true)] where candidate.0 <= instant {
                    if let current = latest,
                        (current.instant, current.year, current.isEnd ? 1 : 0)
                            >= (candidate.0, candidate.1, candidate.2 ? 1 : 0)
                    {
                        continue
                    }
                    latest = candidate
                }
            }
            guard let latest, !latest.isEnd else { return standardOffset }
            return daylight.offset
        }

        init(standardOffset: Int, daylight: Daylight?) {
            self.standardOffset = standardOffset
            self.daylight = daylight
        }

        /// Nil for anything but `std offset [dst [offset] ,start[/time],end[/time]]`; a daylight
        /// name without its rules (which POSIX leaves to the implementation) is refused too.
        init?(_ text: [UInt8]) {
            var cursor = ByteCursor(text)
            guard Self.skipName(&cursor), let standardWest = Self.duration(&cursor, maximumHours: 24) else {
                return nil
            }
            if cursor.isAtEnd {
                self.init(standardOffset: -standardWest, daylight: nil)
                return
            }
            guard Self.skipName(&cursor) else { return nil }
            var daylightOffset = -standardWest + 3600
            if cursor.peek() != UInt8(ascii: ",") {
                guard let daylightWest = Self.duration(&cursor, maximumHours: 24) else { return nil }
                daylightOffset = -daylightWest
            }
            guard cursor.take(UInt8(ascii: ",")), let start = Self.change(&cursor), cursor.take(UInt8(ascii: ",")),
                let end = Self.change(&cursor), cursor.isAtEnd
            else { return nil }
            self.init(
                standardOffset: -standardWest, daylight: Daylight(offset: daylightOffset, start: start, end: end))
        }

        /// `CET` (three or more letters) or `<+0330>` (three or more of `[A-Za-z0-9+-]`).
        private static func skipName(_ cursor: inout ByteCursor) -> Bool {
            var length = 0
            if cursor.take(UInt8(ascii: "<")) {
                while let byte = cursor.peek(), byte != UInt8(ascii: ">") {
                    guard byte.isASCIILetterOrDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else {
                        return false
                    }
                    _ = cursor.byte()
                    length += 1
                }
                return cursor.take(UInt8(ascii: ">")) && length >= 3
            }
            while let byte = cursor.peek(), byte.isASCIILetter {
                _ = cursor.byte()
                length += 1
            }
            return length >= 3
        }

        /// `[+-]hh[:mm[:ss]]` in seconds, with the hours at most `maximumHours`.
        private static func duration(_ cursor: inout ByteCursor, maximumHours: Int) -> Int? {
            var sign = 1
            if cursor.take(UInt8(ascii: "-")) { sign = -1 } else { _ = cursor.take(UInt8(ascii: "+")) }
            guard let hours = number(&cursor, maximumDigits: 3), hours <= maximumHours else { return nil }
            var seconds = hours * 3600
            for scale in [60, 1] {
                guard cursor.take(UInt8(ascii: ":")) else { break }
                guard let part = number(&cursor, maximumDigits: 2), part <= 59 else { return nil }
                seconds += part * scale
            }
            return sign * seconds
        }

        /// `Mm.w.d`, `Jn` or `n`, then `/time` (02:00 when absent).
        private static func change(_ cursor: inout ByteCursor) -> Change? {
            let day: Day
            if cursor.take(UInt8(ascii: "M")) {
                guard let month = number(&cursor, maximumDigits: 2), (1...12).contains(month),
                    cursor.take(UInt8(ascii: ".")), let week = number(&cursor, maximumDigits: 1),
                    (1...5).contains(week), cursor.take(UInt8(ascii: ".")),
                    let weekday = number(&cursor, maximumDigits: 1), weekday <= 6
                else { return nil }
                day = .weekday(month: month, week: week, weekday: weekday)
            } else if cursor.take(UInt8(ascii: "J")) {
                guard let julian = number(&cursor, maximumDigits: 3), (1...365).contains(julian) else { return nil }
                day = .julian(julian)
            } else {
                guard let ordinal = number(&cursor, maximumDigits: 3), ordinal <= 365 else { return nil }
                day = .ordinal(ordinal)
            }
            var time = 2 * 3600
            if cursor.take(UInt8(ascii: "/")) {
                guard let given = duration(&cursor, maximumHours: 167) else { return nil }
                time = given
            }
            return Change(day: day, time: time)
        }

        private static func number(_ cursor: inout ByteCursor, maximumDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while digits < maximumDigits, let byte = cursor.peek(), byte.isASCIIDigit {
                _ = cursor.byte()
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            }
            return digits > 0 ? value : nil
        }
    }
}

extension ZoneRules.PosixRule.Change {
    /// The UTC second of this change in that year.
    func instant(in year: Int, offsetBefore: Int) -> Int64 {
        let newYear = LocalDate(year: year, month: 1, day: 1).daysSince1970
        let days: Int
        switch day {
        case .julian(let number):
            days = newYear + number - 1 + (LocalDate.isLeapYear(year) && number >= 60 ? 1 : 0)
        case .ordinal(let number):
            days = newYear + number
        case .weekday(let month, let week, let weekday):
            let first = LocalDate(year: year, month: month, day: 1)
            var day = 1 + (weekday - first.weekday + 7) % 7 + (week - 1) * 7
            let length = LocalDate.daysInMonth(year: year, month: month)
            while day > length { day -= 7 }
            days = first.daysSince1970 + day - 1
        }
        return Int64(days) * 86_400 + Int64(time - offsetBefore)
    }
}

/// The counts of one TZif header (RFC 8536 §3.1).
private struct TZifHeader {
    /// 0 for version 1 (a NUL), else the version's digit.
    var version: Int
    var utIndicatorCount: Int
    var standardIndicatorCount: Int
    var leapCount: Int
    var timeCount: Int
    var typeCount: Int
    var charCount: Int

    init?(_ cursor: inout ByteCursor) {
        guard cursor.take(UInt8(ascii: "T")), cursor.take(UInt8(ascii: "Z")), cursor.take(UInt8(ascii: "i")),
            cursor.take(UInt8(ascii: "f")), let version = cursor.byte(), cursor.skip(15)
        else { return nil }
        self.version = version == 0 ? 1 : (version.isASCIIDigit ? Int(version - UInt8(ascii: "0")) : 0)
        var counts: [Int] = []
        for _ in 0..<6 {
            guard let count = cursor.bigEndian(size: 4) else { return nil }
            counts.append(Int(UInt32(truncatingIfNeeded: count)))
        }
        (utIndicatorCount, standardIndicatorCount, leapCount, timeCount, typeCount, charCount) =
            (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
    }

    /// The bytes of the data block after this header, with times (and leap-second times) of
    /// `timeSize` bytes.
    func blockSize(timeSize: Int) -> Int {
        timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4)
            + standardIndicatorCount + utIndicatorCount
    }
}

/// Reads forward through bytes, every read checked against the end: a file cut short or
/// garbage yields nil, never a trap.
private struct ByteCursor {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// True (and moved past it) when the next byte is `expected`.
    mutating func take(_ expected: UInt8) -> Bool {
        guard peek() == expected else { return false }
        position += 1
        return true
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= bytes.count - position else { return false }
        position += count
        return true
    }

    /// A signed big-endian integer of 4 or 8 bytes.
    mutating func bigEndian(size: Int) -> Int64? {
        guard size <= bytes.count - position else { return nil }
        var value: UInt64 = 0
        for byte in bytes[position..<(position + size)] { value = value << 8 | UInt64(byte) }
        position += size
        let unused = UInt64(64 - size * 8)
        return Int64(bitPattern: value << unused) >> unused
    }

    /// The bytes before the next `terminator`, and moved past it; nil when none follows.
    mutating func bytes(upTo terminator: UInt8) -> [UInt8]? {
        guard let end = bytes[position...].firstIndex(of: terminator) else { return nil }
        defer { position = end + 1 }
        return Array(bytes[position..<end])
    }
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
    fileprivate var isASCIILetter: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
    }
    fileprivate var isASCIILetterOrDigit: Bool { isASCIIDigit || isASCIILetter }
}

extension Int64 {
    /// Quotient rounded down and a remainder in `0..<divisor`: days and the second within the
    /// day, also before 1970.
    fileprivate func floorDivided(by divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
