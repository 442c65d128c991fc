/// Telegram's HTML parse mode accepts a handful of tags; everything else that comes from a
/// user or an exchange must have `<`, `>`, `&` (and `"` inside attributes) escaped.
public enum HTML {
    public static func escape(_ text: some StringProtocol) -> String {
        // Byte-wise: the four characters are ASCII, and most text has none of them.
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 }) else {
            return String(text)
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
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
