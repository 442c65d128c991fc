import MarketEngine
import TelegramBotAPI

/// `/settings [exchange NAME|default]`: shows or changes this chat's preferences. In a
/// group the setting is the group's, and any member may change it (it only picks the
/// default exchange for market data).
public struct SettingsCommand: ReportCommand {
    public let descriptor = CommandCatalog.settings
    let store: any ChatPreferencesStore

    public init(store: any ChatPreferencesStore) {
        self.store = store
    }

    func report(_ invocation: CommandInvocation) async throws -> ChatSettingsReport {
        let current = invocation.preferences.exchange
        guard let chatID = invocation.chat?.id else { return ChatSettingsReport(outcome: .noChat, exchange: current) }
        let arguments = invocation.arguments.map { $0.lowercased() }
        guard let key = arguments.first else { return ChatSettingsReport(outcome: .shown, exchange: current) }
        guard key == "exchange" else { return ChatSettingsReport(outcome: .unknownSetting(key), exchange: current) }
        guard arguments.count == 2 else { return ChatSettingsReport(outcome: .incomplete, exchange: current) }
        var preferences = invocation.preferences
        if arguments[1] == "default" || arguments[1] == "reset" {
            preferences.exchange = nil
        } else if let exchange = Exchange(name: arguments[1]) {
            preferences.exchange = exchange
        } else {
            return ChatSettingsReport(outcome: .unknownExchange(arguments[1]), exchange: current)
        }
        do {
            try await store.setPreferences(preferences, for: chatID)
        } catch {
            return ChatSettingsReport(outcome: .notSaved, exchange: current)
        }
        return ChatSettingsReport(outcome: .saved, exchange: preferences.exchange)
    }

    func render(_ report: ChatSettingsReport) -> Reply { Reply(html: ChatSettingsRenderer.render(report)) }
}
