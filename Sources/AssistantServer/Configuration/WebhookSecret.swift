/// Telegram's rule for `secret_token`: 1–256 characters of `A-Z a-z 0-9 _ -`.
public enum WebhookSecret {
    public static func isValid(_ secret: String) -> Bool {
        (1...256).contains(secret.utf8.count)
            && secret.utf8.allSatisfy { byte in
                (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95
                    || byte == 45
            }
    }

    /// Compares the header with the secret in time that depends only on their lengths.
    public static func matches(_ candidate: some Collection<UInt8>, secret: some Collection<UInt8>) -> Bool {
        var difference: UInt8 = candidate.count == secret.count ? 0 : 1
        let expected = Array(secret)
        guard !expected.isEmpty else { return false }
        for (index, byte) in candidate.enumerated() {
            difference |= byte ^ expected[index % expected.count]
        }
        return difference == 0
    }
}

/// The shape of a bot token (`123456:ABC-def…`), checked so that a typo fails at start-up
/// rather than as 404s from Telegram.
public enum BotToken {
    public static func isWellFormed(_ token: String) -> Bool {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigitCharacter), parts[1].count >= 20
        else { return false }
        return parts[1].utf8.allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95
                || byte == 45
        }
    }

    /// `123456:ABC…xyz` → `123456:****…` for display.
    public static func masked(_ token: String) -> String {
        let id = token.split(separator: ":").first.map(String.init) ?? ""
        return "\(id):****"
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
