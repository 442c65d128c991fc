import MarketEngine
import TelegramBotAPI

/// The words of alerts: the confirmation, the list, the message when one fires.
public enum AlertRenderer {
    /// `BTC above 100,000 on Binance`, `ETH moves 5% within 1h on Bybit`.
    public static func condition(
        _ condition: AlertCondition, base: String, exchange: Exchange?
    ) -> String {
        let venue = exchange.map { " on \($0.displayName)" } ?? ""
        switch condition {
        case .price(let direction, let level):
            return "\(base) \(direction.rawValue) \(NumberFormat.price(level))\(venue)"
        case .move(let percent, let window):
            return "\(base) moves \(number(percent))% within \(AlertWindow.text(window))\(venue)"
        case .funding(let direction, let rate):
            return "\(base) funding \(direction.rawValue) \(number(rate))%\(venue)"
        case .openInterest(let percent, let window):
            return
                "\(base) open interest changes \(number(percent))% within \(AlertWindow.text(window)) (all exchanges)"
        }
    }

    /// The value as the condition reads it: a price, a rate, coins.
    public static func value(_ value: Double, of condition: AlertCondition, base: String) -> String {
        switch condition {
        case .price, .move: NumberFormat.price(value)
        case .funding: NumberFormat.fixed(value, 4) + "%"
        case .openInterest: NumberFormat.grouped(value, decimals: value >= 1000 ? 0 : 2) + " \(base)"
        }
    }

    public static func created(_ alert: Alert) -> Reply {
        Reply(
            html:
                "🔔 Alert <b>#\(alert.id)</b>: \(HTML.escape(condition(alert.condition, base: alert.base, exchange: alert.exchange))). "
                + "Now \(value(alert.valueAtCreation, of: alert.condition, base: alert.base)).")
    }

    /// A level the value is at or past already: it would fire at once.
    public static func alreadyMet(_ alert: Alert) -> Reply {
        let text = condition(alert.condition, base: alert.base, exchange: alert.exchange)
        return Reply(
            html:
                "Already met: \(HTML.escape(text)) (now \(value(alert.valueAtCreation, of: alert.condition, base: alert.base))). "
                + "An alert fires when the value crosses the level: pick one on the other side.")
    }

    public static func limitReached(_ limit: Int) -> Reply {
        Reply(
            html: "This chat has \(limit) alerts, the most it may have. Delete one with /alert delete ID (see /alerts)."
        )
    }

    public static let cannotDeliver = Reply(
        html: "Alerts need the bot to send messages of its own, and this server runs without a bot token (local mode).")

    public static let noChat = Reply(html: "Alerts belong to a chat: set them in a chat with the bot.")

    public static func deleted(_ id: Int64, found: Bool) -> Reply {
        Reply(html: found ? "Alert #\(id) deleted." : "No alert #\(id) in this chat (see /alerts).")
    }

    public static func deletedAll(_ count: Int) -> Reply {
        Reply(html: count == 0 ? "No alerts to delete." : "Deleted \(count) alert\(count == 1 ? "" : "s").")
    }

    public static func problem(_ problem: AlertRequest.Problem) -> Reply {
        Reply(html: HTML.escape(problem.description) + "\nUsage: " + HTML.escape(AlertRequest.usage))
    }

    /// `/alerts`: each with its id, condition, the value now (when it could be read) and age.
    public static func list(_ alerts: [(alert: Alert, now: Double?)], at now: Int64) -> Reply {
        guard !alerts.isEmpty else {
            return Reply(html: "No alerts in this chat. Set one with /alert BTC above 100000.")
        }
        var lines = ["🔔 <b>Alerts</b> (\(alerts.count))"]
        for (alert, current) in alerts {
            let reading = current.map { "now \(value($0, of: alert.condition, base: alert.base))" } ?? "now —"
            lines.append(
                "#\(alert.id) \(HTML.escape(condition(alert.condition, base: alert.base, exchange: alert.exchange))) · "
                    + "\(reading) · \(NumberFormat.duration(milliseconds: now - alert.createdAt)) old")
        }
        lines.append("Delete one with its button, /alert delete ID, or /alert delete all.")
        let buttons = alerts.compactMap { entry in
            ButtonData.deleteAlert(entry.alert.id).encoded.map {
                InlineKeyboardButton(text: "✖ #\(entry.alert.id)", callbackData: $0)
            }
        }
        let rows = stride(from: 0, to: buttons.count, by: 4).map { Array(buttons[$0..<min($0 + 4, buttons.count)]) }
        return Reply(html: lines.joined(separator: "\n"), keyboard: InlineKeyboardMarkup(inlineKeyboard: rows))
    }

    /// The message when an alert fires.
    public static func fired(_ alert: FiredAlert) -> Reply {
        let venue = alert.exchange.map { " on \($0.displayName)" } ?? " (all exchanges)"
        let base = HTML.escape(alert.base)
        let reading = value(alert.value, of: alert.condition, base: alert.base)
        let what: String
        switch alert.condition {
        case .price(let direction, let level):
            what = "\(base) crossed \(direction.rawValue) \(NumberFormat.price(level))\(venue): \(reading)"
        case .funding(let direction, let rate):
            what = "\(base) funding crossed \(direction.rawValue) \(number(rate))%\(venue): \(reading)"
        case .move(_, let window):
            what =
                "\(base) moved \(NumberFormat.percent(alert.change ?? 0)) within \(AlertWindow.text(window))\(venue): \(reading)"
        case .openInterest(_, let window):
            what =
                "\(base) open interest changed \(NumberFormat.percent(alert.change ?? 0)) within \(AlertWindow.text(window))\(venue): \(reading)"
        }
        let command: String
        switch alert.condition {
        case .openInterest: command = "/oi \(alert.base)"
        case .price, .move, .funding:
            command = "/price \(alert.base)" + (alert.exchange.map { " \($0.rawValue)" } ?? "")
        }
        let keyboard = ButtonData.run(command).encoded.map {
            InlineKeyboardMarkup(inlineKeyboard: [[InlineKeyboardButton(text: "📈 \(command)", callbackData: $0)]])
        }
        return Reply(
            html:
                "🔔 <b>\(what)</b>\nat \(NumberFormat.timeOfDay(milliseconds: alert.firedAt)) · alert #\(alert.alertID)",
            keyboard: keyboard)
    }

    /// `5`, `0.05`, `2.5`: as few decimals as the number needs (up to 4).
    static func number(_ value: Double) -> String {
        for decimals in 0...3 {
            let text = NumberFormat.fixed(value, decimals)
            if let shown = Double(text), abs(shown - value) < 1e-9 { return text }
        }
        return NumberFormat.fixed(value, 4)
    }

}
