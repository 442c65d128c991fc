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
    /// it is (a test checks that every language uses the names English does). Written on
    /// UTF-8 bytes: a `/price` reply fills a dozen phrases, and doing it on `Substring`s
    /// (searching, comparing names, appending slices) cost about a sixth of the CPU of a cached
    /// `/price` update in the A/B against the build before.
    func filled(_ values: KeyValuePairs<String, String>) -> String {
        var phrase = self
        return phrase.withUTF8 { bytes -> String in
            guard let first = bytes.firstIndex(of: UInt8(ascii: "{")) else { return self }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 64)
            result.append(contentsOf: bytes[..<first])
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "{"),
                    let close = bytes[index...].firstIndex(of: UInt8(ascii: "}"))
                else {
                    result.append(byte)
                    index += 1
                    continue
                }
                let name = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close])
                if let value = values.first(where: { $0.key.utf8.elementsEqual(name) })?.value {
                    result.append(contentsOf: value.utf8)
                } else {
                    result.append(contentsOf: bytes[index...close])
                }
                index = close + 1
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}
