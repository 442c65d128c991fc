import MarketEngine
import TelegramBotAPI

/// `/settings [exchange NAME|default] [language en|ru|es|zh|auto]`,
/// `/settings quiet HH:MM-HH:MM [TIMEZONE] [silent|hold]|off`: shows or changes this chat's
/// preferences. In a group the settings are the group's, and any member may change
/// them (they pick the default exchange for market data and the language of replies).
public struct SettingsCommand: ReportCommand {
    public let descriptor = CommandCatalog.settings
    let store: any ChatPreferencesStore
    /// Where quiet hours are kept; nil where nothing delivers alerts (local mode, tests).
    let quietHours: (any ChatRecordStore)?

    public init(store: any ChatPreferencesStore, quietHours: (any ChatRecordStore)? = nil) {
        self.store = store
        self.quietHours = quietHours
    }

    func report(_ invocation: CommandInvocation) async throws -> ChatSettingsReport {
        let current = invocation.preferences
        var quiet: QuietHours?
        func report(_ outcome: ChatSettingsReport.Outcome) -> ChatSettingsReport {
            ChatSettingsReport(outcome: outcome, preferences: current, quiet: quiet)
        }
        guard let chatID = invocation.chat?.id else { return report(.noChat) }
        if let quietHours {
            quiet = (try? await quietHours.only(chatID: chatID))?.flatMap { QuietHours(payload: $0.payload) }
        }
        let arguments = invocation.arguments.map { $0.lowercased() }
        guard let key = arguments.first else { return report(.shown) }
        if key == "quiet", let quietHours {
            return await setQuiet(Array(invocation.arguments.dropFirst()), chatID: chatID, store: quietHours, report)
        }
        guard key == "exchange" || key == "language" else { return report(.unknownSetting(key)) }
        guard arguments.count == 2 else { return report(.incomplete) }
        var preferences = current
        switch (key, arguments[1]) {
        case ("exchange", "default"), ("exchange", "reset"): preferences.exchange = nil
        case ("exchange", let name):
            guard let exchange = Exchange(name: name) else { return report(.unknownExchange(name)) }
            preferences.exchange = exchange
        case (_, "auto"), (_, "default"): preferences.language = nil
        case (_, let code):
            guard let language = Language(rawValue: code) else { return report(.unknownLanguage(code)) }
            preferences.language = language
        }
        do {
            try await store.setPreferences(preferences, for: chatID)
        } catch {
            return report(.notSaved)
        }
        return ChatSettingsReport(outcome: .saved, preferences: preferences, quiet: quiet)
    }

    private func setQuiet(
        _ words: [String], chatID: Int64, store: any ChatRecordStore,
        _ report: (ChatSettingsReport.Outcome) -> ChatSettingsReport
    ) async -> ChatSettingsReport {
        var chosen: QuietHours?
        if words.first?.lowercased() != "off" {
            do {
                chosen = try CommandGrammar.quietHours(words)
            } catch {
                return report(.quietProblem(error))
            }
        }
        do {
            try await store.replaceOnly(chatID: chatID, payload: chosen?.payload)
        } catch {
            return report(.notSaved)
        }
        var saved = report(.saved)
        saved.quiet = chosen
        return saved
    }

    /// A change of language is answered in the new one (for `auto`, the sender's).
    public func run(_ invocation: CommandInvocation) async -> Reply {
        let report =
            await (try? self.report(invocation)) ?? ChatSettingsReport(outcome: .notSaved, preferences: .init())
        let language =
            report.outcome == .saved
            ? Language.resolved(chosen: report.language, languageCode: invocation.sender?.languageCode)
            : invocation.language
        return render(report, in: language)
    }

    func render(_ report: ChatSettingsReport, in language: Language) -> Reply {
        Reply(html: ChatSettingsRenderer.render(report, in: language))
    }
}
