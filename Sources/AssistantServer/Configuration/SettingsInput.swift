import Configuration

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The text behind each setting: the environment, then the `.env` file (both through
/// swift-configuration), then, for a secret only, a file named after it in `SECRETS_DIR` or in
/// the directory systemd's `LoadCredential=` provides. Blanks around a value are dropped and an
/// empty value counts as unset.
struct SettingsInput {
    static let secretsDirectoryName = "SECRETS_DIR"
    /// Set by systemd for a unit with `LoadCredential=`; `SECRETS_DIR` wins over it.
    static let credentialsDirectoryName = "CREDENTIALS_DIRECTORY"

    private let reader: ConfigReader
    private let secretNames: Set<String>
    private let secretsDirectory: String?

    init(reader: ConfigReader, secretNames: Set<String>) {
        self.reader = reader
        self.secretNames = secretNames
        self.secretsDirectory =
            Self.configured(Self.secretsDirectoryName, in: reader, isSecret: false)
            ?? Self.configured(Self.credentialsDirectoryName, in: reader, isSecret: false)
    }

    /// The value, from the environment or `.env` first; nil when unset or empty.
    func value(_ name: String) -> String? {
        let isSecret = secretNames.contains(name)
        if let set = Self.configured(name, in: reader, isSecret: isSecret) { return set }
        guard isSecret, let secretsDirectory,
            let text = try? String(contentsOfFile: secretsDirectory + "/" + name, encoding: .utf8)
        else { return nil }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The typed value, nil when unset; a value the parser refuses stops loading with a
    /// `SettingsError` naming the setting.
    func parse<Value>(_ name: String, _ parser: SettingParser<Value>) throws(SettingsError) -> Value? {
        guard let text = value(name) else { return nil }
        do {
            return try parser.parse(text)
        } catch {
            throw SettingsError(name: name, problem: error.problem)
        }
    }

    private static func configured(_ name: String, in reader: ConfigReader, isSecret: Bool) -> String? {
        let key = ConfigKey(name.lowercased().split(separator: "_").map(String.init))
        guard let raw = reader.string(forKey: key, isSecret: isSecret) else { return nil }
        let trimmed = raw.strippingBlanks()
        return trimmed.isEmpty ? nil : trimmed
    }
}
