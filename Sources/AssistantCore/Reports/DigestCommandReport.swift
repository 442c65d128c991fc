/// `/digest` as data: what became of the request.
public enum DigestCommandReport: Sendable {
    /// The schedule, now set; `/digest` alone shows it (nil: none).
    case scheduled(DigestSchedule)
    case shown(DigestSchedule?)
    /// `/digest off`; `found` false when there was none.
    case off(found: Bool)
    /// `/digest now`.
    case now(DigestReport)
    case problem(ScheduleProblem)
    /// Local mode (no bot token): nothing could deliver a digest.
    case cannotDeliver
    /// Not a chat (a button under an inline-mode message).
    case noChat
    /// The store could not be read or written.
    case unavailable
}

/// What is wrong with the words of `/digest` or `/settings quiet`; `word` is what was typed.
public enum ScheduleProblem: Error, Sendable, Equatable, Codable {
    /// Not a time of day `HH:MM`.
    case time(word: String)
    /// Not a time range `HH:MM-HH:MM` (or one of no length).
    case range(word: String)
    /// Not an IANA zone name.
    case zone(word: String)
    /// Not `silent` or `hold`.
    case mode(word: String)
}
