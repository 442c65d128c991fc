/// Turns a setting's text (trimmed, never empty) into its typed value, or says what is wrong
/// with it in words that name neither the setting (`Setting` adds that) nor the value (it may
/// be a secret).
struct SettingParser<Value>: Sendable {
    let parse: @Sendable (String) throws(InvalidSettingValue) -> Value

    init(_ parse: @escaping @Sendable (String) throws(InvalidSettingValue) -> Value) {
        self.parse = parse
    }

    /// The value `convert` makes of the text; when it makes none, the setting "`problem`".
    init(problem: String, _ convert: @escaping @Sendable (String) -> Value?) {
        self.parse = { text throws(InvalidSettingValue) in
            guard let value = convert(text) else { throw InvalidSettingValue(problem: problem) }
            return value
        }
    }
}

/// What a parser found wrong; `Setting` turns it into a `SettingsError` naming the setting.
struct InvalidSettingValue: Error {
    var problem: String
}

extension SettingParser where Value == String {
    /// Any text: a host, a file path.
    static var text: Self { Self { $0 } }

    static var httpURL: Self {
        Self(problem: "must start with http:// or https://") {
            $0.hasPrefix("http://") || $0.hasPrefix("https://") ? $0 : nil
        }
    }

    static var webSocketURL: Self {
        Self(problem: "must start with ws:// or wss://") {
            $0.hasPrefix("ws://") || $0.hasPrefix("wss://") ? ($0.hasSuffix("/") ? String($0.dropLast()) : $0) : nil
        }
    }

    /// The address Telegram calls, kept without a trailing slash so that paths can follow it.
    static var publicURL: Self {
        Self(problem: "must start with https:// (Telegram only calls HTTPS webhooks)") { url in
            guard url.hasPrefix("https://") else { return nil }
            return url.hasSuffix("/") ? String(url.dropLast()) : url
        }
    }

    static var urlPath: Self {
        Self(problem: "must be a path starting with /") { $0.hasPrefix("/") && !$0.contains(" ") ? $0 : nil }
    }

    static var botToken: Self {
        Self(problem: "does not look like a bot token (digits, a colon, then letters)") {
            BotToken.isWellFormed($0) ? $0 : nil
        }
    }

    /// Written as `@MyBot` or `MyBot`; kept without the `@`.
    static var username: Self { Self { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 } }

    static var webhookSecret: Self {
        Self(problem: "must be 1–256 characters of A-Z, a-z, 0-9, _ and -") { WebhookSecret.isValid($0) ? $0 : nil }
    }

    /// A bearer token; a short one could be guessed.
    static func token(minimumLength: Int) -> Self {
        Self(problem: "must be at least \(minimumLength) characters") { $0.count >= minimumLength ? $0 : nil }
    }
}

extension SettingParser where Value == Int {
    static func wholeNumber(in range: ClosedRange<Int>) -> Self {
        Self(problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)") { text in
            Int(text).flatMap { range.contains($0) ? $0 : nil }
        }
    }
}

extension SettingParser where Value == Bool {
    /// `true` or `false` in any case.
    static var flag: Self { Self(problem: "must be true or false") { Bool($0.lowercased()) } }
}

extension SettingParser where Value: CaseIterable & RawRepresentable & Sendable, Value.RawValue == String {
    /// One of the cases' raw values, in any case; the problem lists them in declaration order.
    static var choice: Self {
        let names = Value.allCases.map(\.rawValue)
        let problem =
            names.count == 2 ? "must be \(names[0]) or \(names[1])" : "must be one of \(names.joined(separator: ", "))"
        return Self(problem: problem) { Value(rawValue: $0.lowercased()) }
    }
}

extension SettingParser where Value == [Int64] {
    static var idList: Self {
        Self(problem: "must be a comma-separated list of numeric chat or user ids") { text in
            var ids: [Int64] = []
            for item in text.split(separator: ",") {
                guard let id = Int64(String(item).strippingBlanks()) else { return nil }
                ids.append(id)
            }
            return ids
        }
    }
}

extension SettingParser where Value == [IPAddressRange] {
    /// Addresses or CIDR ranges; the problem says which item is neither.
    static var addressRanges: Self {
        Self { text throws(InvalidSettingValue) in
            var ranges: [IPAddressRange] = []
            for (index, item) in text.split(separator: ",").enumerated() {
                guard let range = IPAddressRange(String(item).strippingBlanks()) else {
                    throw InvalidSettingValue(
                        problem:
                            "must be a comma-separated list of IP addresses or CIDR ranges (item \(index + 1) is neither)"
                    )
                }
                ranges.append(range)
            }
            return ranges
        }
    }
}

extension SettingParser where Value == DatabaseURL {
    /// `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…`; the problem never repeats the text.
    static var databaseURL: Self {
        Self { text throws(InvalidSettingValue) in
            do {
                return try DatabaseURL(parsing: text)
            } catch let problem as DatabaseURL.Problem {
                throw InvalidSettingValue(problem: problem.text)
            } catch {
                throw InvalidSettingValue(problem: "is not a postgres:// URL")
            }
        }
    }
}
