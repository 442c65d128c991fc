// Strings with escapes and non-ASCII bytes: decoded and checked as `JSONDecoder` does (valid
// UTF-8, paired surrogates), apart from the plain-ASCII fast path in `JSONScanner`.
extension JSONScanner {
    /// Moves past a string that is not read: to its closing quote, an escape's backslash
    /// taking the next byte with it.
    mutating func skipString() throws {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"): index += 2
            default: index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// Reads the rest of a string (positioned after its opening quote) with escapes
    /// resolved and UTF-8 checked.
    mutating func readEscapedString() throws -> [UInt8] {
        var output: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return output
            case UInt8(ascii: "\\"):
                try appendEscape(to: &output)
            case 0..<0x20:
                throw failure("control character in a string")
            case 0x80...:
                try appendUTF8Sequence(startingWith: byte, to: &output)
            default:
                output.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    /// Copies one multi-byte UTF-8 sequence, rejecting malformed, overlong and surrogate
    /// encodings (what `JSONDecoder` refuses as "invalid UTF-8").
    mutating func appendUTF8Sequence(startingWith lead: UInt8, to output: inout [UInt8]) throws {
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upperBound = 0x9F
        case 0xF0:
            length = 4
            lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upperBound = 0x8F
        default: throw failure("invalid UTF-8")
        }
        guard bytes.count - index >= length - 1 else { throw failure("invalid UTF-8") }
        output.append(lead)
        for offset in 0..<(length - 1) {
            let byte = bytes[index + offset]
            let (low, high): (UInt8, UInt8) = offset == 0 ? (lowerBound, upperBound) : (0x80, 0xBF)
            guard byte >= low, byte <= high else { throw failure("invalid UTF-8") }
            output.append(byte)
        }
        index += length - 1
    }

    mutating func appendEscape(to output: inout [UInt8]) throws {
        guard index < bytes.count else { throw failure("unterminated string") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try readHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("unpaired surrogate escape") }
                index += 2
                let low = UInt32(try readHex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw failure("unpaired surrogate escape")
            }
            output.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            throw failure("invalid escape")
        }
    }

    mutating func readHex4() throws -> UInt16 {
        guard bytes.count - index >= 4 else { throw failure("invalid unicode escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid unicode escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
