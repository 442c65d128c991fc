import MarketEngine
import TelegramBotAPI

/// `HelpReport` → Telegram HTML, for `/help` and `/start`, and the command menu.
public enum HelpRenderer {
    /// The command menu `setMyCommands` registers for `language` (plain text, 1–256
    /// characters a line).
    public static func menu(_ descriptors: [CommandDescriptor], in language: Language) -> [BotCommand] {
        descriptors.map {
            BotCommand(command: $0.name, description: language.phrases.summary(of: $0.name, usage: $0.usage))
        }
    }

    static func help(_ report: HelpReport, in language: Language) -> String {
        language.phrases.helpTitle + "\n" + lines(report, in: language)
    }

    static func start(_ report: HelpReport, in language: Language) -> String {
        let say = language.phrases
        let exchanges = Exchange.allCases.map(\.displayName).joined(separator: ", ")
        return [
            say.startIntro.filled(["exchanges": exchanges]), "", say.startCommands, lines(report, in: language), "",
            say.startDisclaimer,
        ].joined(separator: "\n")
    }

    /// One line of usage per command.
    private static func lines(_ report: HelpReport, in language: Language) -> String {
        report.commands.map {
            "\(HTML.escape($0.usage)) — \(HTML.escape(language.phrases.summary(of: $0.name, usage: $0.usage)))"
        }
        .joined(separator: "\n")
    }
}
