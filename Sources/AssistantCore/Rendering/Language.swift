/// A language the bot speaks. Numbers keep one format in every language (traders copy
/// them), times stay UTC, and symbols, exchange names and the commands' keywords are not
/// translated. What each says is its `Phrasebook` (`Rendering/Languages/<Name>.swift`).
public enum Language: String, CaseIterable, Sendable, Codable {
    case english = "en"
    case russian = "ru"
    case spanish = "es"
    case chinese = "zh"

    /// The language for a Telegram user's `language_code` (`ru`, `es-419`, `zh-hans`, …):
    /// the one whose code it starts with, English for anything else or nothing.
    public init(languageCode: String?) {
        guard let code = languageCode?.lowercased() else {
            self = .english
            return
        }
        self = Self.allCases.first { code == $0.rawValue || code.hasPrefix($0.rawValue + "-") } ?? .english
    }

    /// The chat's choice when it made one, else the sender's language.
    public static func resolved(chosen: Language?, languageCode: String?) -> Language {
        chosen ?? Language(languageCode: languageCode)
    }

    /// What this language says.
    public var phrases: Phrasebook {
        switch self {
        case .english: .english
        case .russian: .russian
        case .spanish: .spanish
        case .chinese: .chinese
        }
    }
}

extension String {
    /// The phrase with each `{name}` replaced by its value; a name without a value stays as
    /// it is (a test checks that every language uses the names English does).
    func filled(_ values: KeyValuePairs<String, String>) -> String {
        guard utf8.contains(UInt8(ascii: "{")) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 32)
        var rest = self[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            if let value = values.first(where: { $0.key == name })?.value {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
