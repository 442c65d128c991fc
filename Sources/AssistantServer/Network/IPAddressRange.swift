#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR form (`149.154.160.0/20`, `::1`), for the Telegram
/// allow-list and `TRUSTED_PROXIES`. IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) match
/// IPv4 ranges, since a dual-stack listener reports IPv4 peers that way.
public struct IPAddressRange: Sendable, Equatable, CustomStringConvertible {
    let network: [UInt8]
    let prefixLength: Int
    public let description: String

    /// The ranges Telegram sends webhooks from (core.telegram.org/bots/webhooks).
    public static let telegramWebhookSources = ["149.154.160.0/20", "91.108.4.0/22"].compactMap(IPAddressRange.init)

    /// Nil unless `text` is an address, optionally with `/prefix` within its family's width.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = Self.bytes(of: String(parts[0])) else { return nil }
        let width = address.count * 8
        var length = width
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...width).contains(parsed) else { return nil }
            length = parsed
        }
        network = Self.masked(address, to: length)
        prefixLength = length
        description = text
    }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return contains(bytes: bytes)
    }

    func contains(bytes: [UInt8]) -> Bool {
        let candidate = bytes.count == network.count ? bytes : Self.unmapped(bytes)
        guard let candidate, candidate.count == network.count else { return false }
        return Self.masked(candidate, to: prefixLength) == network
    }

    /// 4 or 16 bytes for a textual IPv4 or IPv6 address (brackets and a zone allowed).
    static func bytes(of text: String) -> [UInt8]? {
        var address = text
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        if let zone = address.firstIndex(of: "%") { address = String(address[..<zone]) }
        // Plain byte buffers, the sizes of in_addr and in6_addr (network byte order).
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, address, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, address, &v6) == 1 { return v6 }
        return nil
    }

    /// The IPv4 address inside `::ffff:a.b.c.d`, or the address as it is.
    private static func unmapped(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else {
            return bytes
        }
        return Array(bytes[12..<16])
    }

    private static func masked(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        var out = bytes
        for index in out.indices {
            let bitsHere = max(0, min(8, length - index * 8))
            out[index] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - bitsHere))
        }
        return out
    }
}

extension Array where Element == IPAddressRange {
    public func contains(address: String) -> Bool {
        guard let bytes = IPAddressRange.bytes(of: address) else { return false }
        return contains { $0.contains(bytes: bytes) }
    }
}
