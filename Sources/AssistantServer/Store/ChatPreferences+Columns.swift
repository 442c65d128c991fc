import AssistantCore
import MarketEngine

extension ChatPreferences {
    /// The preferences a `chat_settings` row holds (SQLite and PostgreSQL keep the same
    /// columns); a value this version does not know reads as the default.
    init(exchangeColumn exchange: String?, languageColumn language: String?) {
        self.init(
            exchange: exchange.flatMap(Exchange.init(rawValue:)), language: language.flatMap(Language.init(rawValue:)))
    }
}
