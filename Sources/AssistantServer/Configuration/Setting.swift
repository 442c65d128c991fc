/// One entry of `SettingsTable`: everything about a setting, said once. The loader,
/// `config check`, README's settings table and `.env.example` are all made from these.
struct Setting: Sendable {
    /// The environment names. More than one only where values are read and checked together
    /// (the TLS pair, an exchange's keys); README gives them one row.
    let names: [String]
    /// Masked by `config check`, redacted by swift-configuration, and also read from a file
    /// named after it in `SECRETS_DIR`; README says "Secret.".
    let isSecret: Bool
    /// README's "default" column, in Markdown.
    let defaultText: String
    /// README's "meaning" column, in Markdown.
    let doc: String
    /// Its lines in `.env.example`.
    let example: SettingExample
    /// Reads the values into `settings`; a bad one throws a `SettingsError` naming it.
    let read: @Sendable (SettingsInput, inout Settings) throws -> Void
    /// `config check`'s rows: a label and the effective value, secrets masked.
    let report: @Sendable (Settings) -> [(label: String, value: String)]
}

extension Setting {
    /// A setting whose `Settings` field has a default, which an unset variable keeps. README's
    /// default column and an example line without a value of its own show that default.
    /// `report` returning nil leaves the setting out of `config check`.
    static func value<Value>(
        _ name: String, _ field: any WritableKeyPath<Settings, Value> & Sendable, _ parser: SettingParser<Value>,
        doc: String, defaultText: String? = nil, example: SettingExample = .commented(),
        report: (@Sendable (Settings) -> String?)? = nil
    ) -> Setting {
        let defaultValue = "\(Settings()[keyPath: field])"
        let describe: @Sendable (Settings) -> String? = report ?? { "\($0[keyPath: field])" }
        return Setting(
            names: [name], isSecret: false, defaultText: defaultText ?? "`\(defaultValue)`", doc: doc,
            example: example.filled(with: defaultValue),
            read: { input, settings in
                if let value = try input.parse(name, parser) { settings[keyPath: field] = value }
            },
            report: { settings in describe(settings).map { [(name, $0)] } ?? [] })
    }

    /// A setting whose `Settings` field is nil until it is set. A secret one is reported by
    /// its length only, unless `report` says otherwise.
    static func optional<Value>(
        _ name: String, _ field: any WritableKeyPath<Settings, Value?> & Sendable, _ parser: SettingParser<Value>,
        secret: Bool = false, doc: String, defaultText: String = "—", example: SettingExample,
        unset: String = "(not set)", report: (@Sendable (Settings) -> String)? = nil
    ) -> Setting {
        let describe: @Sendable (Settings) -> String =
            report ?? { settings in
                guard let value = settings[keyPath: field] else { return unset }
                return secret ? "**** (\("\(value)".count) characters)" : "\(value)"
            }
        return Setting(
            names: [name], isSecret: secret, defaultText: defaultText, doc: doc, example: example.filled(with: ""),
            read: { input, settings in
                if let value = try input.parse(name, parser) { settings[keyPath: field] = value }
            },
            report: { [(name, describe($0))] })
    }
}
