/// Checks text the way Telegram's HTML parse mode does, so that a reply the real API would
/// refuse ("can't parse entities") fails against the simulator too.
public enum TelegramHTML {
    static let allowedTags: Set<String> = [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji",
        "code", "pre", "blockquote",
    ]

    /// Nil when the text parses; otherwise Telegram-like wording of the first problem.
    public static func problem(in text: String) -> String? {
        var stack: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<" {
                guard let close = text[index...].firstIndex(of: ">") else {
                    return
                        "Unsupported start tag \"<\" at byte offset \(text.utf8.distance(from: text.startIndex, to: index))"
                }
                let inner = text[text.index(after: index)..<close]
                if inner.hasPrefix("/") {
                    let name = inner.dropFirst().lowercased()
                    guard stack.last == name else { return "Unmatched end tag \"\(name)\"" }
                    stack.removeLast()
                } else {
                    let name = inner.split(separator: " ").first.map { $0.lowercased() } ?? ""
                    guard allowedTags.contains(name) else {
                        return
                            "Unsupported start tag \"\(name)\" at byte offset \(text.utf8.distance(from: text.startIndex, to: index))"
                    }
                    stack.append(name)
                }
                index = text.index(after: close)
            } else if character == "&" {
                guard let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                    return
                        "Character entity expected at byte offset \(text.utf8.distance(from: text.startIndex, to: index))"
                }
                let entity = text[text.index(after: index)..<semicolon]
                let known = ["lt", "gt", "amp", "quot"].contains(entity)
                let numeric = entity.hasPrefix("#") && entity.dropFirst().allSatisfy { $0.isHexDigit || $0 == "x" }
                guard known || numeric else { return "Unknown entity \"&\(entity);\"" }
                index = text.index(after: semicolon)
            } else {
                index = text.index(after: index)
            }
        }
        return stack.isEmpty ? nil : "Can't find end tag corresponding to start tag \"\(stack.last!)\""
    }

    /// Length after entity parsing, in UTF-16 code units, as Telegram's 4096 limit counts.
    public static func visibleLength(_ text: String, html: Bool) -> Int {
        guard html else { return text.utf16.count }
        var length = 0
        var insideTag = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if insideTag {
                if character == ">" { insideTag = false }
            } else if character == "<" {
                insideTag = true
            } else if character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                length += 1
                index = text.index(after: semicolon)
                continue
            } else {
                length += character.utf16.count
            }
            index = text.index(after: index)
        }
        return length
    }
}
