/// Splits a long HTML message into parts Telegram accepts (at most 4096 characters each,
/// counted in UTF-16 code units as Telegram counts them).
///
/// Parts end on line boundaries. A single line longer than the limit is cut at a space if
/// it has one, never inside a tag or an entity such as `&amp;`. Renderers keep each tag pair
/// on one line, so a cut between lines never separates `<b>` from `</b>`.
public enum MessageSplitter {
    public static let telegramLimit = 4096

    public static func split(_ text: String, limit: Int = telegramLimit) -> [String] {
        precondition(limit > 16, "limit too small to hold a tag")
        if text.utf16.count <= limit { return text.isEmpty ? [] : [text] }

        var parts: [String] = []
        var current = ""
        var currentLength = 0

        func flush() {
            let trimmed = current.trimmingTrailingNewlines()
            if !trimmed.isEmpty { parts.append(trimmed) }
            current = ""
            currentLength = 0
        }

        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineLength = line.utf16.count + 1  // with its newline
            if currentLength + lineLength <= limit + 1 {
                current += line
                current += "\n"
                currentLength += lineLength
                continue
            }
            flush()
            if lineLength <= limit + 1 {
                current = String(line) + "\n"
                currentLength = lineLength
            } else {
                var pieces = hardSplit(line, limit: limit)
                let last = pieces.removeLast()
                parts.append(contentsOf: pieces)
                current = last + "\n"
                currentLength = last.utf16.count + 1
            }
        }
        flush()
        return parts
    }

    /// Cuts one over-long line into pieces of at most `limit` UTF-16 units.
    static func hardSplit(_ line: Substring, limit: Int) -> [String] {
        var pieces: [String] = []
        var rest = line
        while rest.utf16.count > limit {
            var length = 0
            var insideTag = false
            var insideEntity = false
            var lastSafe = rest.startIndex
            var lastSpace: String.Index?
            var index = rest.startIndex
            while index < rest.endIndex {
                let character = rest[index]
                let next = rest.index(after: index)
                length += character.utf16.count
                if length > limit { break }
                switch character {
                case "<": insideTag = true
                case ">": insideTag = false
                case "&": insideEntity = true
                case ";": insideEntity = false
                default: break
                }
                if !insideTag && !insideEntity {
                    lastSafe = next
                    if character == " " { lastSpace = next }
                }
                index = next
            }
            var cut = lastSpace ?? lastSafe
            if cut == rest.startIndex {
                // A tag longer than the limit: cut anyway rather than loop forever.
                cut = index
            }
            pieces.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        pieces.append(String(rest))
        return pieces
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var copy = self[...]
        while copy.last == "\n" { copy = copy.dropLast() }
        return String(copy)
    }
}
