import MarketEngine
import TelegramBotAPI

/// `/settings [exchange NAME|default]`: shows or changes this chat's preferences. In a
/// group the setting is the group's, and any member may change it (it only picks the
/// default exchange for market data).
public struct SettingsCommand: CommandHandler {
    public let descriptor = CommandCatalog.settings
    let store: any ChatPreferencesStore

    public init(store: any ChatPreferencesStore) {
        self.store = store
    }

    static let usage =
        "Use /settings exchange NAME with one of \(Exchange.allCases.map(\.rawValue).joined(separator: ", ")), or /settings exchange default."

    public func run(_ invocation: CommandInvocation) async -> Reply {
        guard let chatID = invocation.chat?.id else {
            return Reply(html: "Settings belong to a chat; send /settings in one.")
        }
        let arguments = invocation.arguments.map { $0.lowercased() }
        guard let key = arguments.first else {
            return Reply(html: Self.describe(invocation.preferences))
        }
        guard key == "exchange" else {
            return Reply(html: "Unknown setting \(HTML.escape(String(key.prefix(30)))). \(Self.usage)")
        }
        guard arguments.count == 2 else { return Reply(html: Self.usage) }
        var preferences = invocation.preferences
        if arguments[1] == "default" || arguments[1] == "reset" {
            preferences.exchange = nil
        } else if let exchange = Exchange(name: arguments[1]) {
            preferences.exchange = exchange
        } else {
            return Reply(html: "Unknown exchange \(HTML.escape(String(arguments[1].prefix(30)))). \(Self.usage)")
        }
        do {
            try await store.setPreferences(preferences, for: chatID)
        } catch {
            return Reply(html: "Could not save the setting; try again in a moment.")
        }
        return Reply(html: "Saved. " + Self.describe(preferences))
    }

    static func describe(_ preferences: ChatPreferences) -> String {
        let exchange = preferences.exchange.map(\.displayName) ?? "\(Exchange.binance.displayName) (default)"
        return "Default exchange for market commands: <b>\(exchange)</b>.\n\(usage)"
    }
}
