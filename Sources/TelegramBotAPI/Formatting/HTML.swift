/// Telegram's HTML parse mode accepts a handful of tags; everything else that comes from a
/// user or an exchange must have `<`, `>`, `&` (and `"` inside attributes) escaped.
public enum HTML {
    public static func escape(_ text: some StringProtocol) -> String {
        // Byte-wise over contiguous UTF-8: the four characters are ASCII, and most text
        // has none of them.
        let string = String(text)
        var contiguous = string
        return contiguous.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 }) else {
                return string
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            for byte in bytes {
                switch byte {
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
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
