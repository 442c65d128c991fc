/// Telegram's HTML parse mode accepts a handful of tags; everything else that comes from a
/// user or an exchange must have `<`, `>`, `&` (and `"` inside attributes) escaped.
public enum HTML {
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public static func bold(_ text: some StringProtocol) -> String { "<b>\(escape(text))</b>" }
    public static func code(_ text: some StringProtocol) -> String { "<code>\(escape(text))</code>" }
    public static func italic(_ text: some StringProtocol) -> String { "<i>\(escape(text))</i>" }

    /// Plain text for terminals: tags dropped, the four entities Telegram knows decoded.
    public static func plainText(_ html: String) -> String {
        var out = ""
        var insideTag = false
        for character in html {
            if insideTag {
                if character == ">" { insideTag = false }
            } else if character == "<" {
                insideTag = true
            } else {
                out.append(character)
            }
        }
        return
            out
            .replacingAll("&lt;", with: "<")
            .replacingAll("&gt;", with: ">")
            .replacingAll("&quot;", with: "\"")
            .replacingAll("&amp;", with: "&")
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
