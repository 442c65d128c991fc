#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads just enough of an X.509 certificate (PEM) to tell whether it is self-signed
/// (issuer equals subject), which decides whether `webhook set` uploads it to Telegram.
public enum CertificateInspector {
    public enum Failure: Error, CustomStringConvertible {
        case notPEM, malformed
        public var description: String {
            switch self {
            case .notPEM: "not a PEM certificate"
            case .malformed: "the certificate's DER structure could not be read"
            }
        }
    }

    public static func isSelfSigned(pem: String) throws -> Bool {
        let der = try firstCertificateDER(pem)
        // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version?, serial,
        //   signature, issuer, validity, subject, … }, … }
        var outer = DERReader(der)
        var certificate = try outer.enter(tag: 0x30)
        var tbs = try certificate.enter(tag: 0x30)
        if tbs.peekTag() == 0xA0 { _ = try tbs.element() }
        _ = try tbs.element()  // serial
        _ = try tbs.element()  // signature algorithm
        let issuer = try tbs.element()
        _ = try tbs.element()  // validity
        let subject = try tbs.element()
        return issuer == subject
    }

    static func firstCertificateDER(_ pem: String) throws -> [UInt8] {
        guard let begin = pem.firstRange(of: "-----BEGIN CERTIFICATE-----"),
            let end = pem[begin.upperBound...].firstRange(of: "-----END CERTIFICATE-----")
        else { throw Failure.notPEM }
        let body = pem[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else { throw Failure.notPEM }
        return Array(data)
    }
}

/// A minimal DER walker: tag, definite length, contents.
struct DERReader {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.init(bytes, from: 0, to: bytes.count)
    }

    private init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    func peekTag() -> UInt8? { position < end ? bytes[position] : nil }

    /// The next element's whole encoding (tag, length and contents).
    mutating func element() throws -> ArraySlice<UInt8> {
        let start = position
        let (_, contentStart, contentEnd) = try header()
        _ = contentStart
        position = contentEnd
        return bytes[start..<contentEnd]
    }

    /// A reader over the contents of the next element, which must have `tag`.
    mutating func enter(tag: UInt8) throws -> DERReader {
        let (found, contentStart, contentEnd) = try header()
        guard found == tag else { throw CertificateInspector.Failure.malformed }
        position = contentEnd
        return DERReader(bytes, from: contentStart, to: contentEnd)
    }

    private func header() throws -> (tag: UInt8, contentStart: Int, contentEnd: Int) {
        guard position + 2 <= end else { throw CertificateInspector.Failure.malformed }
        let tag = bytes[position]
        var index = position + 1
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, index + count <= end else { throw CertificateInspector.Failure.malformed }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard index + length <= end else { throw CertificateInspector.Failure.malformed }
        return (tag, index, index + length)
    }
}
