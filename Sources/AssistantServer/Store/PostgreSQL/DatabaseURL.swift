/// `DATABASE_URL`: `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=disable|require|verify-full`,
/// the way libpq and most hosting (RDS, compose files) write it. The password is a secret:
/// `description` masks it.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP (a database on loopback or a private network).
        case disable
        /// TLS, without checking the certificate (libpq's `require`).
        case require
        /// TLS with the certificate checked against the system's trust store and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(
        host: String, port: Int = 5432, user: String, password: String?, database: String, tls: TLSMode = .disable
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses the URL; the error says what is wrong without repeating the text (it holds a
    /// password).
    public init(parsing text: String) throws(Problem) {
        let rest: Substring
        if text.hasPrefix("postgres://") {
            rest = text.dropFirst("postgres://".count)
        } else if text.hasPrefix("postgresql://") {
            rest = text.dropFirst("postgresql://".count)
        } else {
            throw Problem("must start with postgres:// or postgresql://")
        }
        var query: Substring = ""
        var beforeQuery = rest
        if let mark = rest.firstIndex(of: "?") {
            beforeQuery = rest[..<mark]
            query = rest[rest.index(after: mark)...]
        }
        // The last @ separates credentials: a password may itself hold one (percent-encoded or not).
        guard let at = beforeQuery.lastIndex(of: "@") else {
            throw Problem("must name a user: postgres://USER:PASSWORD@HOST:PORT/DB")
        }
        let credentials = beforeQuery[..<at]
        let location = beforeQuery[beforeQuery.index(after: at)...]
        let userPart: Substring
        var password: String?
        if let colon = credentials.firstIndex(of: ":") {
            userPart = credentials[..<colon]
            password = Self.percentDecoded(credentials[credentials.index(after: colon)...])
            if password == nil { throw Problem("has a badly percent-encoded password") }
        } else {
            userPart = credentials
        }
        guard let user = Self.percentDecoded(userPart), !user.isEmpty else {
            throw Problem("must name a user: postgres://USER:PASSWORD@HOST:PORT/DB")
        }
        guard let slash = location.firstIndex(of: "/") else {
            throw Problem("must name a database: postgres://USER:PASSWORD@HOST:PORT/DB")
        }
        let hostAndPort = location[..<slash]
        guard let database = Self.percentDecoded(location[location.index(after: slash)...]), !database.isEmpty,
            !database.contains("/")
        else {
            throw Problem("must name a database: postgres://USER:PASSWORD@HOST:PORT/DB")
        }
        var host = String(hostAndPort)
        var port = 5432
        if hostAndPort.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432
            guard let close = hostAndPort.firstIndex(of: "]") else { throw Problem("has an unclosed [ in the host") }
            host = String(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close])
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()), (1...65535).contains(number) else {
                    throw Problem("has a port that is not a number from 1 to 65535")
                }
                port = number
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = String(hostAndPort[..<colon])
            guard let number = Int(hostAndPort[hostAndPort.index(after: colon)...]), (1...65535).contains(number)
            else { throw Problem("has a port that is not a number from 1 to 65535") }
            port = number
        }
        guard !host.isEmpty, !host.contains(" ") else { throw Problem("must name a host") }
        var tls = TLSMode.disable
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = parts.first.map(String.init) ?? ""
            let value = parts.count > 1 ? String(parts[1]) : ""
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw Problem("has sslmode=\(value.prefix(20)); use disable, require or verify-full")
                }
                tls = mode
            default:
                throw Problem("has an unknown query parameter \(key.prefix(30)) (only sslmode is read)")
            }
        }
        self.init(host: host, port: port, user: user, password: password, database: database, tls: tls)
    }

    /// With the password masked: for `config check` and logs.
    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        return
            "postgres://\(user)\(password == nil ? "" : ":***")@\(hostText):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    public struct Problem: Error {
        public var text: String
        init(_ text: String) { self.text = text }
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
