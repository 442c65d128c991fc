/// A forward-only JSON reader for the few types on the webhook's hot path.
///
/// `JSONDecoder` builds a tree of the whole document and then walks it through `Codable`'s
/// containers; for an update of a few hundred bytes that was the largest single cost per
/// request. This reads the fields it is asked for straight from the bytes, skips (and
/// still checks the structure of) everything else, and accepts exactly what `JSONDecoder`
/// accepts for these types — a differential test holds it to that: valid UTF-8 and paired
/// surrogates in the strings it reads (not in those it skips), a trailing comma allowed,
/// the first of duplicate members winning, a leading byte-order mark, at most 512 levels
/// of nesting, nothing after the value but whitespace.
struct JSONScanner {
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        let offset: Int
        var description: String { "\(reason) at byte \(offset)" }
    }

    /// A member name: its raw bytes when it had no escapes, else the decoded bytes.
    struct Key {
        fileprivate let range: Range<Int>
        fileprivate let unescaped: [UInt8]?
    }

    /// Progress through one object's members.
    struct ObjectCursor {
        fileprivate var isFirst = true
    }

    static let maxDepth = 512
    private static let numberBytes = Set("0123456789+-.eE".utf8)

    // Internal, not private: the string decoding sits in an extension of its own file.
    let bytes: UnsafeRawBufferPointer
    var index = 0
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    func failure(_ reason: String) -> Failure {
        Failure(reason: reason, offset: index)
    }

    // MARK: Structure

    /// Checks that only whitespace follows the top-level value.
    mutating func finish() throws {
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected data after the value") }
    }

    /// True (and consumed) when the next value is `null`.
    mutating func readNull() throws -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    mutating func beginObject() throws -> ObjectCursor {
        try consume(UInt8(ascii: "{"), expecting: "an object")
        try enter()
        return ObjectCursor()
    }

    /// The next member's name (with its `:` consumed), or nil at the end of the object.
    /// Names of objects being skipped are only scanned (`reading: false`), as `JSONDecoder`
    /// does not decode those either.
    mutating func nextKey(_ cursor: inout ObjectCursor, reading: Bool = true) throws -> Key? {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unterminated object") }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !cursor.isFirst {
            try consume(UInt8(ascii: ","), expecting: "',' or '}'")
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return nil
            }
        }
        cursor.isFirst = false
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
        let key: Key
        if reading {
            key = try readKey()
        } else {
            let start = index
            try skipString()
            key = Key(range: start..<start, unescaped: nil)
        }
        try consume(UInt8(ascii: ":"), expecting: "':'")
        return key
    }

    /// Reads an array element by element: `element` is called positioned on each one.
    mutating func readArray(_ element: (inout JSONScanner) throws -> Void) throws {
        try consume(UInt8(ascii: "["), expecting: "an array")
        try enter()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated array") }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "]") { break }
            guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or ']'") }
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                break
            }
        }
        depth -= 1
    }

    /// The index of `key` in `names` the first time the object has it; nil for a name not
    /// in the list or seen before (the first of duplicate members counts).
    func field(_ key: Key, in names: [StaticString], seen: inout UInt32) -> Int? {
        for (index, name) in names.enumerated() where matches(key, name) {
            let bit: UInt32 = 1 << UInt32(index)
            guard seen & bit == 0 else { return nil }
            seen |= bit
            return index
        }
        return nil
    }

    func matches(_ key: Key, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if let unescaped = key.unescaped {
            guard unescaped.count == count else { return false }
            return unescaped.withUnsafeBytes {
                $0.elementsEqual(UnsafeRawBufferPointer(start: name.utf8Start, count: count))
            }
        }
        guard key.range.count == count else { return false }
        return bytesEqual(at: key.range.lowerBound, name)
    }

    /// The member name as text (for the update's kind).
    func name(of key: Key) -> String {
        if let unescaped = key.unescaped { return String(decoding: unescaped, as: UTF8.self) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[key.range]), as: UTF8.self)
    }

    // MARK: Values

    mutating func readInt64() throws -> Int64 {
        skipWhitespace()
        let start = index
        let isNegative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected an integer") }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            throw failure("number with a leading zero")
        }
        var magnitude: UInt64 = 0
        while index < bytes.count, isDigit(bytes[index]) {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[index] &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw failure("integer out of range") }
            magnitude = sum
            index += 1
        }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            index = start
            return try readIntegralDouble()
        }
        if isNegative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw failure("integer out of range") }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw failure("integer out of range") }
        return Int64(magnitude)
    }

    mutating func readInt() throws -> Int {
        let value = try readInt64()
        guard let int = Int(exactly: value) else { throw failure("integer out of range") }
        return int
    }

    mutating func readBool() throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("expected true or false") }
        switch bytes[index] {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            throw failure("expected true or false")
        }
    }

    mutating func readString() throws -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        if let plain = scanPlainString() {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[plain]), as: UTF8.self)
        }
        // Valid UTF-8 by construction: sequences are checked as they are copied.
        return String(decoding: try readEscapedString(), as: UTF8.self)
    }

    /// An identifier the Bot API documents as a string; a number is read as its digits
    /// (Telegram's own webhook guide sends `inline_query.id` as one).
    mutating func readIdentifier() throws -> String {
        skipWhitespace()
        if index < bytes.count, bytes[index] != UInt8(ascii: "\"") { return String(try readInt64()) }
        return try readString()
    }

    /// Skips one value of any kind, checking that it is well-formed.
    mutating func skipValue() throws {
        skipWhitespace()
        guard index < bytes.count else { throw failure("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var cursor = try beginObject()
            while try nextKey(&cursor, reading: false) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try readArray { try $0.skipValue() }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        default:
            // Like JSONDecoder, a number that is not read is only scanned, not checked.
            let start = index
            while index < bytes.count, Self.numberBytes.contains(bytes[index]) { index += 1 }
            guard index > start else { throw failure("expected a value") }
        }
    }

    // MARK: Pieces

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nested too deeply") }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8, expecting what: String) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(what)") }
        index += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count, bytesEqual(at: index, literal) else {
            throw failure("invalid literal")
        }
        index += count
    }

    private func bytesEqual(at offset: Int, _ text: StaticString) -> Bool {
        let expected = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + expected.count]).elementsEqual(expected)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func readKey() throws -> Key {
        index += 1
        if let plain = scanPlainString() { return Key(range: plain, unescaped: nil) }
        let start = index
        let decoded = try readEscapedString()
        return Key(range: start..<index, unescaped: decoded)
    }

    /// Plain ASCII without escapes, the common case, needs no copy or check: its bytes up to
    /// the closing quote (consumed). Nil, with nothing consumed, for any other string.
    private mutating func scanPlainString() -> Range<Int>? {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<index - 1
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 || byte < 0x20 { break }
            index += 1
        }
        index = start
        return nil
    }

    /// Skips a number, checking JSON's grammar for it; returns where it started.
    @discardableResult
    private mutating func skipNumber() throws -> Int {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a value") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("number with a leading zero") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return start
    }

    /// An integer written with a fraction or exponent (`1.0`, `1e3`): accepted when the value
    /// is integral and fits, as `JSONDecoder` does.
    private mutating func readIntegralDouble() throws -> Int64 {
        let start = try skipNumber()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), let value = Int64(exactly: double) else {
            throw Failure(reason: "number is not an integer in range", offset: start)
        }
        return value
    }
}
