import Configuration
import SystemPackage

/// Reads `Settings` from environment variables and, below them, an optional `.env` file,
/// through swift-configuration, setting by setting as `SettingsTable` declares them. A bad
/// setting stops start-up with one line naming it.
public enum SettingsLoader {
    /// Settings whose values are secrets: redacted by swift-configuration, masked by
    /// `config check`, and also read from files in `SECRETS_DIR`.
    public static let secretNames: Set<String> = Set(SettingsTable.settings.filter(\.isSecret).flatMap(\.names))

    public static func load(environmentFile: String? = ".env", environment: [String: String]? = nil) async throws
        -> Settings
    {
        let secrets = SecretsSpecifier<String, String>.specific(secretNames)
        var providers: [any ConfigProvider] = [
            environment.map { EnvironmentVariablesProvider(environmentVariables: $0, secretsSpecifier: secrets) }
                ?? EnvironmentVariablesProvider(secretsSpecifier: secrets)
        ]
        if let environmentFile {
            providers.append(
                try await EnvironmentVariablesProvider(
                    environmentFilePath: FilePath(environmentFile), allowMissing: true, secretsSpecifier: secrets))
        }
        return try settings(from: ConfigReader(providers: providers))
    }

    /// Each setting in the table's order, so that of two bad settings the earlier one is named.
    static func settings(from reader: ConfigReader) throws -> Settings {
        let input = SettingsInput(reader: reader, secretNames: secretNames)
        var settings = Settings()
        for setting in SettingsTable.settings {
            try setting.read(input, &settings)
        }
        return settings
    }
}

extension String {
    func strippingBlanks() -> String {
        let set = " \t"
        let characters = Set(set)
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
