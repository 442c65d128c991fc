import TelegramBotAPI

/// A command as typed: `/Price@MyBot  btc   perp` → name `price`, mention `MyBot`, arguments
/// `["btc", "perp"]`.
public struct ParsedCommand: Sendable, Equatable {
    /// Lower-cased command name without the slash.
    public var name: String
    /// The bot named after `@`, as typed.
    public var mention: String?
    public var arguments: [String]

    public init(name: String, mention: String? = nil, arguments: [String] = []) {
        self.name = name
        self.mention = mention
        self.arguments = arguments
    }

    /// Reads a command at the start of `text`, or at the first `bot_command` entity when the
    /// message has one elsewhere (`💰 /volume ETH`). Entity offsets count UTF-16 code units.
    public static func parse(_ text: String, entities: [MessageEntity]? = nil) -> ParsedCommand? {
        if text.first == "/" { return parseAtStart(Substring(text)) }
        guard let entity = entities?.first(where: { $0.type == "bot_command" }),
            entity.offset >= 0, entity.offset < text.utf16.count,
            let start = text.utf16.index(
                text.utf16.startIndex, offsetBy: entity.offset, limitedBy: text.utf16.endIndex),
            let scalarStart = String.Index(start, within: text)
        else { return nil }
        return parseAtStart(text[scalarStart...])
    }

    private static func parseAtStart(_ text: Substring) -> ParsedCommand? {
        guard text.first == "/" else { return nil }
        var words = text.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return nil }
        let head = words.removeFirst().dropFirst()
        let parts = head.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].lowercased()
        guard !name.isEmpty else { return nil }
        let mention = parts.count > 1 ? String(parts[1]) : nil
        return ParsedCommand(name: name, mention: mention, arguments: words.map(String.init))
    }

    /// Whether `name` is a well-formed command name (Telegram: 1–32 of `a-z0-9_`).
    public var hasValidName: Bool {
        (1...32).contains(name.utf8.count)
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}
