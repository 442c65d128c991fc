/// What an inline button sends back as `callback_data` (at most 64 bytes, as Telegram
/// allows): a command to answer again in place, a command to answer in a new message, or an
/// alert to delete.
public enum ButtonData: Sendable, Equatable {
    /// `r:/price BTC binance` — "↻ refresh": the message is edited with a fresh answer.
    case refresh(String)
    /// `c:/price BTC` — the command's answer as a new message.
    case run(String)
    /// `x:12` — deletes alert 12 of the chat (the buttons under `/alerts`).
    case deleteAlert(Int64)

    public static let maximumBytes = 64

    /// The data as sent; nil when it would not fit in 64 bytes (the button is left out).
    public var encoded: String? {
        let text: String
        switch self {
        case .refresh(let command): text = "r:" + command
        case .run(let command): text = "c:" + command
        case .deleteAlert(let id): text = "x:\(id)"
        }
        return text.utf8.count <= Self.maximumBytes ? text : nil
    }

    /// Reads button data; nil for data no button of this version sends (an old button).
    public init?(_ data: String) {
        if data.hasPrefix("/") {
            self = .run(data)  // buttons made before the prefixes: the command itself
        } else if let first = data.split(separator: " ").first, first.first?.isLetter == true,
            first.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        {
            self = .run("/" + data)  // … or without its slash
        } else if data.hasPrefix("r:/") {
            self = .refresh(String(data.dropFirst(2)))
        } else if data.hasPrefix("c:/") {
            self = .run(String(data.dropFirst(2)))
        } else if data.hasPrefix("x:"), let id = Int64(data.dropFirst(2)), id > 0 {
            self = .deleteAlert(id)
        } else {
            return nil
        }
    }
}
