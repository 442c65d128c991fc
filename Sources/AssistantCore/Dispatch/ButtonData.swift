/// What an inline button sends back as `callback_data` (at most 64 bytes, as Telegram
/// allows): a command to answer again in place (limited, market data), a command whose
/// answer replaces the message (an action on it, such as deleting an alert from the list),
/// or a command to answer in a new message.
public enum ButtonData: Sendable, Equatable {
    /// `r:/price BTC binance` — "↻ refresh": the message is edited with a fresh answer, at
    /// most once per `RefreshLimiter.interval`.
    case refresh(String)
    /// `e:/alerts delete 12` — the message is edited with the command's answer, and the
    /// answer's `notice` is the button's toast.
    case edit(String)
    /// `c:/price BTC` — the command's answer as a new message.
    case run(String)
    /// `a:/alert snooze 12 1h` — the command runs and says what it did in the button's toast;
    /// the message stays (the buttons under a fired alert).
    case act(String)

    public static let maximumBytes = 64

    /// The command the button runs.
    public var text: String {
        switch self {
        case .refresh(let command), .edit(let command), .run(let command), .act(let command): command
        }
    }

    /// The data as sent; nil when it would not fit in 64 bytes (the button is left out).
    public var encoded: String? {
        let text: String
        switch self {
        case .refresh(let command): text = "r:" + command
        case .edit(let command): text = "e:" + command
        case .run(let command): text = "c:" + command
        case .act(let command): text = "a:" + command
        }
        return text.utf8.count <= Self.maximumBytes ? text : nil
    }

    /// Reads button data; nil for data no button of this version sends (an old button, or
    /// data over Telegram's 64 bytes, which only a forged press carries). Data without a
    /// prefix is not run as a command: a press runs what a button of ours says, nothing typed.
    public init?(_ data: String) {
        guard data.utf8.count <= Self.maximumBytes else { return nil }
        if data.hasPrefix("r:/") {
            self = .refresh(String(data.dropFirst(2)))
        } else if data.hasPrefix("e:/") {
            self = .edit(String(data.dropFirst(2)))
        } else if data.hasPrefix("c:/") {
            self = .run(String(data.dropFirst(2)))
        } else if data.hasPrefix("a:/") {
            self = .act(String(data.dropFirst(2)))
        } else if data.hasPrefix("x:"), let id = Int64(data.dropFirst(2)), id > 0 {
            self = .edit("/alerts delete \(id)")  // the ✖ buttons of lists sent before `e:`
        } else {
            return nil
        }
    }
}
