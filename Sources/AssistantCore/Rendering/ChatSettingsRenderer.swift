import MarketEngine
import TelegramBotAPI

/// `ChatSettingsReport` → Telegram HTML.
enum ChatSettingsRenderer {
    static func render(_ report: ChatSettingsReport, in language: Language) -> String {
        let say = language.phrases
        func shortened(_ word: String) -> String { HTML.escape(String(word.prefix(30))) }
        return switch report.outcome {
        case .shown: describe(report, say)
        case .saved: say.settingsSaved + " " + describe(report, say)
        case .noChat: say.settingsNoChat
        case .unknownSetting(let key): say.settingsUnknownSetting.filled(["name": shortened(key)]) + " " + usage(say)
        case .unknownExchange(let name):
            say.settingsUnknownExchange.filled(["name": shortened(name)]) + " " + usage(say)
        case .unknownLanguage(let name):
            say.settingsUnknownLanguage.filled(["name": shortened(name)]) + " " + usage(say)
        case .incomplete: usage(say)
        case .notSaved: say.settingsNotSaved
        case .quietProblem(let problem): DigestRenderer.problem(problem, say) + "\n" + say.keeping.settingsQuietUsage
        }
    }

    private static func usage(_ say: Phrasebook) -> String {
        say.settingsUsage.filled([
            "exchanges": Exchange.allCases.map(\.rawValue).joined(separator: ", "),
            "languages": (Language.allCases.map(\.rawValue) + ["auto"]).joined(separator: "|"),
        ])
    }

    private static func describe(_ report: ChatSettingsReport, _ say: Phrasebook) -> String {
        let exchange =
            report.exchange?.displayName
            ?? say.settingsExchangeDefault.filled(["exchange": Exchange.binance.displayName])
        let language = report.language?.phrases.languageName ?? say.settingsLanguageAuto
        let quiet =
            report.quiet.map { quiet in
                say.keeping.settingsQuiet.filled([
                    "range": quiet.rangeText, "zone": HTML.escape(quiet.zone),
                    "mode": quiet.mode == .hold ? say.keeping.quietHold : say.keeping.quietSilent,
                ])
            } ?? say.keeping.settingsQuietNone
        return [
            say.settingsExchange.filled(["exchange": exchange]), say.settingsLanguage.filled(["language": language]),
            quiet, usage(say), say.keeping.settingsQuietUsage,
        ].joined(separator: "\n")
    }
}
