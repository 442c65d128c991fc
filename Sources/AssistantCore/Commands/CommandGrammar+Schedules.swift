/// The words of `/digest` and `/settings quiet`:
///
///     /digest HH:MM [TIMEZONE]
///     /settings quiet HH:MM-HH:MM [TIMEZONE] [silent|hold]
extension CommandGrammar {
    /// `08:00 Europe/Berlin` → (480, "Europe/Berlin"); the zone is UTC when not given.
    public static func digestTime(_ words: [String]) throws(ScheduleProblem) -> (minute: Int, zone: String) {
        guard let first = words.first, let minute = DigestSchedule.minuteOfDay(first) else {
            throw .time(word: String((words.first ?? "").prefix(24)))
        }
        guard words.count <= 2 else { throw .zone(word: String(words[2...].joined(separator: " ").prefix(24))) }
        return (minute, try zone(words.count == 2 ? words[1] : nil))
    }

    /// `23:00-07:00 [Asia/Tokyo] [silent|hold]`.
    public static func quietHours(_ words: [String]) throws(ScheduleProblem) -> QuietHours {
        guard let range = words.first else { throw .range(word: "") }
        let ends = range.split(whereSeparator: { $0 == "-" || $0 == "–" }).map(String.init)
        guard ends.count == 2, let start = DigestSchedule.minuteOfDay(ends[0]),
            let end = DigestSchedule.minuteOfDay(ends[1]), start != end
        else { throw .range(word: String(range.prefix(24))) }
        var zoneWord: String?
        var mode = QuietHours.Mode.silent
        for word in words.dropFirst() {
            if let chosen = QuietHours.Mode(rawValue: word.lowercased()) {
                mode = chosen
            } else if zoneWord == nil {
                zoneWord = word
            } else {
                throw .mode(word: String(word.prefix(24)))
            }
        }
        return QuietHours(start: start, end: end, zone: try zone(zoneWord), mode: mode)
    }

    /// An IANA zone as the system's tz database spells it (`europe/berlin` is found too).
    static func zone(_ word: String?) throws(ScheduleProblem) -> String {
        guard let word else { return "UTC" }
        if let rules = ZoneRules.named(word) { return rules.identifier }
        // People type zones in lower case: try each part capitalised (`america/new_york`).
        let capitalised = word.split(separator: "/").map { part in
            part.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(
                separator: "_")
        }.joined(separator: "/")
        if let rules = ZoneRules.named(capitalised) { return rules.identifier }
        throw .zone(word: String(word.prefix(32)))
    }
}
