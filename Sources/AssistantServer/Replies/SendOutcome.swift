/// What one paced try of a Bot API call came to, for a caller that keeps the message and
/// decides itself when to try again (the alert outbox), instead of `deliver`'s retrying.
public enum SendOutcome: Sendable, Equatable {
    case sent
    /// Not now: flood control (`after`: Telegram's `retry_after`), a server error, or no
    /// answer (`after` nil: back off).
    case later(after: Duration?)
    /// 403: the bot may not write there (blocked by the user, removed from the group).
    case forbidden
    /// The group became a supergroup with this id; the call is to be made there.
    case migrated(to: Int64)
    /// 400 or another refusal of this call (the chat does not exist, the text is refused).
    case refused(String)
    /// 401/404: Telegram does not accept the bot token; nothing can be sent.
    case unauthorized
    /// Not sent: this replica's leadership (or the outbox row) is no longer its own
    /// (`SendFence`); the current leader sends it.
    case fenced
}
