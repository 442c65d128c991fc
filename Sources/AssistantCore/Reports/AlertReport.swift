/// `/alert` as data: what became of the request.
public enum AlertReport: Sendable {
    case created(Alert)
    /// The level is reached already: it would fire at once, so it was not made.
    case alreadyMet(Alert)
    /// The chat has this many alerts, the most it may have.
    case limitReached(Int)
    /// Local mode (no bot token): nothing could deliver an alert.
    case cannotDeliver
    /// Not a chat (a button under an inline-mode message).
    case noChat
    case deleted(id: Int64, found: Bool)
    case deletedAll(count: Int)
    /// In a group, the sender may not delete it (nil: every alert): not theirs, not an admin.
    case notAllowed(id: Int64?)
    case problem(AlertRequest.Problem)
    /// The store could not be read or written.
    case unavailable
    /// A liquidation alert, but streams are off: nothing would hear liquidations.
    case liquidationsOff
    /// `/alert snooze`: no firing until `until` (milliseconds since 1970); `found` false when
    /// the chat has no such alert.
    case snoozed(id: Int64, until: Int64, found: Bool)
    /// A position alert outside `ADMIN_CHAT_IDS`.
    case positionsNotAllowed
    /// A position alert, but no exchange has keys.
    case positionsUnavailable
}
