import MarketEngine
import TelegramBotAPI

/// `ChatSettingsReport` → Telegram HTML.
enum ChatSettingsRenderer {
    static let usage =
        "Use /settings exchange NAME with one of \(Exchange.allCases.map(\.rawValue).joined(separator: ", ")), or /settings exchange default."

    static func render(_ report: ChatSettingsReport) -> String {
        switch report.outcome {
        case .shown: describe(report.exchange)
        case .saved: "Saved. " + describe(report.exchange)
        case .noChat: "Settings belong to a chat; send /settings in one."
        case .unknownSetting(let key): "Unknown setting \(HTML.escape(String(key.prefix(30)))). \(usage)"
        case .unknownExchange(let name): "Unknown exchange \(HTML.escape(String(name.prefix(30)))). \(usage)"
        case .incomplete: usage
        case .notSaved: "Could not save the setting; try again in a moment."
        }
    }

    private static func describe(_ exchange: Exchange?) -> String {
        let name = exchange.map(\.displayName) ?? "\(Exchange.binance.displayName) (default)"
        return "Default exchange for market commands: <b>\(name)</b>.\n\(usage)"
    }
}
