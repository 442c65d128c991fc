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
        // On the UTF-8 bytes: iterating Characters runs grapheme breaking over the whole
        // text (and counting UTF-16 of a non-ASCII string builds an index), which made a
        // 25 KB reply take milliseconds.
        var copy = text
        return copy.withUTF8 { bytes in
            if utf16Count(bytes[...]) <= limit { return bytes.isEmpty ? [] : [text] }
            return splitLines(bytes, limit: limit)
        }
    }

    /// UTF-16 units of valid UTF-8: one per scalar, two for those beyond the BMP (4 bytes).
    static func utf16Count(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 {
            count += byte >= 0xF0 ? 2 : 1
        }
        return count
    }

    /// Parts are runs of whole lines, so each is one byte range of the text; only an
    /// over-long line is cut (by `hardSplit`).
    static func splitLines(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> [String] {
        var parts: [String] = []
        var partStart = 0
        var partEnd = 0
        var partLength = 0  // UTF-16 units, one more per line for its newline

        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func flush() {
            var end = partEnd
            while end > partStart && bytes[end - 1] == 0x0A { end -= 1 }
            if partLength > 0 && end > partStart { parts.append(text(partStart..<end)) }
            partLength = 0
        }

        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let lineLength = utf16Count(bytes[lineStart..<lineEnd]) + 1
            let next = min(lineEnd + 1, bytes.count)
            if partLength + lineLength <= limit + 1 {
                if partLength == 0 { partStart = lineStart }
                partEnd = next
                partLength += lineLength
            } else {
                flush()
                if lineLength <= limit + 1 {
                    (partStart, partEnd, partLength) = (lineStart, next, lineLength)
                } else {
                    var pieces = hardSplit(Substring(text(lineStart..<lineEnd)), limit: limit)
                    let last = pieces.removeLast()
                    parts.append(contentsOf: pieces)
                    // The last piece is the line's tail: the next part starts with it.
                    (partStart, partEnd, partLength) = (lineEnd - last.utf8.count, next, last.utf16.count + 1)
                }
            }
            lineStart = lineEnd + 1
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
