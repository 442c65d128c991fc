import MarketEngine
import TelegramBotAPI

/// The words of alerts: the answer to `/alert`, the list, the message when one fires.
public enum AlertRenderer {
    static func render(_ report: AlertReport, in language: Language) -> Reply {
        let say = language.phrases
        switch report {
        case .created(let alert):
            var html = say.alertCreated.filled([
                "id": "\(alert.id)", "condition": condition(alert, say) + schedule(alert, say, now: alert.createdAt),
                "value": value(alert.valueAtCreation, of: alert.condition, base: alert.base),
            ])
            if !alert.armed { html += "\n" + say.keeping.alertCreatedDisarmed }
            return Reply(html: html)
        case .alreadyMet(let alert):
            return Reply(
                html: say.alertAlreadyMet.filled([
                    "condition": condition(alert, say),
                    "value": value(alert.valueAtCreation, of: alert.condition, base: alert.base),
                ]))
        case .limitReached(let limit): return Reply(html: say.alertLimitReached.filled(["limit": "\(limit)"]))
        case .cannotDeliver: return Reply(html: say.alertCannotDeliver)
        case .noChat: return Reply(html: say.alertNoChat)
        case .deleted(let id, let found): return Reply(html: deleted(id, found: found, say))
        case .notAllowed(let id):
            return Reply(
                html: id.map { say.alertDeleteNotAllowed.filled(["id": "\($0)"]) } ?? say.alertDeleteAllNotAllowed)
        case .deletedAll(let count):
            return Reply(html: count == 0 ? say.alertNoneToDelete : say.alertsDeleted.filled(["count": "\(count)"]))
        case .problem(let problem):
            return Reply(
                html: say.alertProblem.filled([
                    "problem": self.problem(problem, say), "usage": HTML.escape(CommandGrammar.alertUsage),
                ]))
        case .unavailable: return Reply(html: say.alertsUnsaved)
        case .liquidationsOff: return Reply(html: say.liquidationsOff)
        case .snoozed(let id, let until, let found):
            let text =
                found
                ? say.keeping.alertSnoozed.filled(["id": "\(id)", "time": Phrasebook.moment(milliseconds: until)])
                : say.alertNotFound.filled(["id": "\(id)"])
            return Reply(html: text, notice: HTML.plainText(text))
        case .positionsNotAllowed: return Reply(html: say.keeping.positionsNotAllowed)
        case .positionsUnavailable: return Reply(html: say.keeping.positionsUnavailable)
        }
    }

    /// ` · every 1h · until 2026-12-14 08:00 UTC · last fired 3h ago · snoozed until …`:
    /// what a repeating or expiring alert adds to its condition (nothing for a plain one).
    static func schedule(_ alert: Alert, _ say: Phrasebook, now: Int64) -> String {
        var parts: [String] = []
        if let cooldown = alert.repeatSeconds {
            parts.append(say.keeping.alertRepeats.filled(["cooldown": AlertWindow.text(cooldown)]))
        }
        if let expiry = alert.expiresAt {
            parts.append(say.keeping.alertExpires.filled(["time": Phrasebook.moment(milliseconds: expiry)]))
        }
        if let last = alert.lastFiredAt {
            parts.append(say.keeping.alertLastFired.filled(["age": say.duration(milliseconds: max(now - last, 1))]))
        }
        if let snoozed = alert.snoozedUntil, snoozed > now {
            parts.append(say.keeping.alertSnoozedUntil.filled(["time": Phrasebook.moment(milliseconds: snoozed)]))
        }
        if !alert.armed && alert.lastFiredAt != nil { parts.append(say.keeping.alertWaitsToRearm) }
        return parts.map { " · " + $0 }.joined()
    }

    /// The most buttons Telegram takes under one message.
    static let maximumButtons = 100

    /// `/alerts`: each with its id, condition, the value now (when it could be read) and
    /// age, a ✖ button each; after a button's deletion, what it did as the button's notice.
    static func render(_ report: AlertListReport, in language: Language) -> Reply {
        let say = language.phrases
        guard case .list(let entries, let now, let deletion) = report else {
            return Reply(html: report.isNoChat ? say.alertNoChat : say.alertsUnreadable)
        }
        let notice = deletion.map { deletion in
            HTML.plainText(
                deletion.notAllowed
                    ? say.alertDeleteNotAllowed.filled(["id": "\(deletion.id)"])
                    : deleted(deletion.id, found: deletion.found, say))
        }
        guard !entries.isEmpty else { return Reply(html: say.alertsEmpty, notice: notice) }
        var lines = [say.alertsTitle.filled(["count": "\(entries.count)"])]
        for entry in entries {
            let alert = entry.alert
            let reading = say.alertsNow.filled([
                "value": entry.now.map { value($0, of: alert.condition, base: alert.base) } ?? "—"
            ])
            // At least a minute: "now old" would be no phrase in any language.
            let age = say.alertsAge.filled(["age": say.duration(milliseconds: max(now - alert.createdAt, 1))])
            let mode = alert.repeats ? "" : " · " + say.keeping.alertOnce
            lines.append(
                "#\(alert.id) \(condition(alert, say)) · \(reading) · \(age)\(mode)\(schedule(alert, say, now: now))")
        }
        lines.append(say.alertsFooter)
        // Telegram refuses a keyboard of more than 100 buttons (and with it the message);
        // alerts past the 100th are deleted by `/alerts delete ID`, which the footer names.
        let buttons = entries.prefix(Self.maximumButtons).compactMap { entry in
            ButtonData.edit("/alerts delete \(entry.alert.id)").encoded.map {
                InlineKeyboardButton(text: "✖ #\(entry.alert.id)", callbackData: $0)
            }
        }
        let rows = stride(from: 0, to: buttons.count, by: 4).map { Array(buttons[$0..<min($0 + 4, buttons.count)]) }
        return Reply(
            html: lines.joined(separator: "\n"), keyboard: InlineKeyboardMarkup(inlineKeyboard: rows), notice: notice)
    }

    /// The message when an alert fires, in the alert's language, with a button for the
    /// command that shows the watched value (and, under a repeating alert, snooze and delete).
    public static func fired(_ alert: FiredAlert) -> Reply {
        let say = alert.language.phrases
        let what = firedSentence(alert, say)
        let command: String? =
            switch alert.condition.quantity {
            case .openInterest: "/oi \(alert.base)"
            case .liquidations: "/liquidations \(alert.base)"
            case .spotPrice, .fundingRate:
                "/price \(alert.base)" + (alert.exchange.map { " \($0.rawValue)" } ?? "")
            case .positionLiquidation, .positionPnl, .positionFunding: "/positions"
            }
        var rows: [[InlineKeyboardButton]] = []
        if let command, let data = ButtonData.run(command).encoded {
            rows.append([InlineKeyboardButton(text: "📈 \(command)", callbackData: data)])
        }
        if alert.repeats {
            let id = alert.alertID
            let buttons: [(String, ButtonData)] = [
                (say.keeping.snoozeHourButton, .act("/alert snooze \(id) 1h")),
                (say.keeping.snoozeDayButton, .act("/alert snooze \(id) 1d")),
                (say.keeping.deleteButton, .act("/alert delete \(id)")),
            ]
            rows.append(
                buttons.compactMap { text, data in
                    data.encoded.map { InlineKeyboardButton(text: text, callbackData: $0) }
                })
        }
        let footer = say.alertFiredFooter.filled([
            "time": NumberFormat.timeOfDay(milliseconds: alert.firedAt), "id": "\(alert.alertID)",
        ])
        let repeats =
            alert.repeatSeconds.map { " · " + say.keeping.alertRepeats.filled(["cooldown": AlertWindow.text($0)]) }
            ?? ""
        return Reply(
            html: "🔔 <b>\(what)</b>\n\(footer)\(repeats)",
            keyboard: rows.isEmpty ? nil : InlineKeyboardMarkup(inlineKeyboard: rows))
    }

    /// The alerts quiet hours held, as one message: each one's sentence and time.
    public static func collected(_ alerts: [FiredAlert]) -> Reply {
        let say = (alerts.first?.language ?? .english).phrases
        var lines = [say.keeping.alertsCollectedTitle.filled(["count": "\(alerts.count)"])]
        for alert in alerts {
            lines.append(
                "• \(firedSentence(alert, say)) · \(NumberFormat.timeOfDay(milliseconds: alert.firedAt)) · #\(alert.alertID)"
            )
        }
        return Reply(html: lines.joined(separator: "\n"))
    }

    /// What happened, in one sentence: `BTC crossed above 100,000 on Binance: 100,012.5`.
    static func firedSentence(_ alert: FiredAlert, _ say: Phrasebook) -> String {
        let values: KeyValuePairs<String, String> = [
            "base": HTML.escape(alert.base), "exchange": alert.exchange?.displayName ?? say.allExchanges,
            "value": value(alert.value, of: alert.condition, base: alert.base),
            "change": NumberFormat.percent(alert.change ?? 0),
            "window": alert.condition.windowSeconds.map(AlertWindow.text) ?? "",
            "level": levelText(alert.condition), "rate": levelText(alert.condition),
            "amount": amountText(alert.condition),
        ]
        switch alert.condition {
        case .price(.above, _): return say.alertFiredAbove.filled(values)
        case .price(.below, _): return say.alertFiredBelow.filled(values)
        case .funding(.above, _): return say.alertFiredFundingAbove.filled(values)
        case .funding(.below, _): return say.alertFiredFundingBelow.filled(values)
        case .move: return say.alertFiredMove.filled(values)
        case .openInterest: return say.alertFiredOpenInterest.filled(values)
        case .liquidations: return say.alertFiredLiquidations.filled(values)
        case .positionLiquidation:
            let nearest = alert.position
            return say.keeping.alertFiredPositionLiquidation.filled([
                "symbol": HTML.escape(nearest?.symbol ?? "—"),
                "side": nearest.map { $0.side == .long ? say.keeping.positionLong : say.keeping.positionShort } ?? "",
                "exchange": nearest?.exchange.displayName ?? say.allExchanges,
                "value": number(alert.value), "mark": nearest.map { NumberFormat.price($0.markPrice) } ?? "—",
                "liquidation": nearest.map { NumberFormat.price($0.liquidationPrice) } ?? "—",
            ])
        case .positionPnl: return say.keeping.alertFiredPositionPnl.filled(values)
        case .positionFunding: return say.keeping.alertFiredPositionFunding.filled(values)
        }
    }

    /// `BTC above 100,000 on Binance`, `ETH moves 5% within 1h on Bybit`.
    static func condition(_ alert: Alert, _ say: Phrasebook) -> String {
        let values: KeyValuePairs<String, String> = [
            "base": HTML.escape(alert.base), "exchange": alert.exchange?.displayName ?? say.allExchanges,
            "level": levelText(alert.condition), "rate": levelText(alert.condition),
            "window": alert.condition.windowSeconds.map(AlertWindow.text) ?? "",
            "percent": changeText(alert.condition), "amount": amountText(alert.condition),
        ]
        switch alert.condition {
        case .price(.above, _): return say.alertAbove.filled(values)
        case .price(.below, _): return say.alertBelow.filled(values)
        case .funding(.above, _): return say.alertFundingAbove.filled(values)
        case .funding(.below, _): return say.alertFundingBelow.filled(values)
        case .move: return say.alertMove.filled(values)
        case .openInterest: return say.alertOpenInterest.filled(values)
        case .liquidations: return say.alertLiquidations.filled(values)
        case .positionLiquidation: return say.keeping.alertPositionLiquidation.filled(values)
        case .positionPnl: return say.keeping.alertPositionPnl.filled(values)
        case .positionFunding: return say.keeping.alertPositionFunding.filled(values)
        }
    }

    /// The value as the condition reads it: a price, a rate, coins, USDT liquidated.
    static func value(_ value: Double, of condition: AlertCondition, base: String) -> String {
        switch condition.quantity {
        case .spotPrice: NumberFormat.price(value)
        case .fundingRate: NumberFormat.fixed(value, 4) + "%"
        case .openInterest: NumberFormat.grouped(value, decimals: value >= 1000 ? 0 : 2) + " \(HTML.escape(base))"
        case .liquidations: NumberFormat.compactUSD(value)
        case .positionLiquidation: number(value) + "%"
        case .positionPnl, .positionFunding: NumberFormat.grouped(value, decimals: 2)
        }
    }

    /// A price level, or a funding rate without its `%` (the phrase has it).
    private static func levelText(_ condition: AlertCondition) -> String {
        switch condition {
        case .price(_, let level): NumberFormat.price(level)
        case .funding(_, let rate): number(rate)
        case .move, .openInterest, .liquidations, .positionLiquidation, .positionPnl, .positionFunding: ""
        }
    }

    /// A liquidation alert's amount (`$5.00M`), a position alert's USDT (`-1,000.00`).
    private static func amountText(_ condition: AlertCondition) -> String {
        switch condition {
        case .liquidations(let amount, _): NumberFormat.compactUSD(amount)
        case .positionPnl(let amount), .positionFunding(let amount): NumberFormat.grouped(amount, decimals: 2)
        default: ""
        }
    }

    private static func changeText(_ condition: AlertCondition) -> String {
        switch condition {
        case .positionLiquidation(let percent): number(percent)
        default:
            if case .change(let percent, _) = condition.test { number(percent) } else { "" }
        }
    }

    private static func deleted(_ id: Int64, found: Bool, _ say: Phrasebook) -> String {
        (found ? say.alertDeleted : say.alertNotFound).filled(["id": "\(id)"])
    }

    static func problem(_ problem: AlertRequest.Problem, _ say: Phrasebook) -> String {
        func quoted(_ word: String) -> String { HTML.escape(String(word.prefix(24))) }
        switch problem {
        case .empty: return say.alertProblemEmpty
        case .deleteWhich: return say.alertProblemDeleteWhich
        case .notAlertNumber(let word): return say.alertProblemNotNumber.filled(["word": quoted(word)])
        case .nothingToWatch(let word): return say.alertProblemWhat.filled(["word": quoted(word)])
        case .windowMissing: return say.alertProblemWindowMissing
        case .fundingDirection: return say.alertProblemFundingDirection
        case .fundingRate(let word): return say.alertProblemFundingRate.filled(["word": quoted(word)])
        case .openInterestWords: return say.alertProblemOpenInterest
        case .liquidationWords: return say.alertProblemLiquidations
        case .notAmount(let word): return say.alertProblemAmount.filled(["word": quoted(word)])
        case .notCondition(let word): return say.alertProblemCondition.filled(["word": quoted(word)])
        case .notPrice(let word): return say.alertProblemPrice.filled(["word": quoted(word)])
        case .ambiguousPrice(let word): return say.alertProblemAmbiguousPrice.filled(["word": quoted(word)])
        case .notPercent(let word, let range):
            return say.alertProblemPercent.filled([
                "word": quoted(word), "minimum": number(range.lowerBound), "maximum": number(range.upperBound),
            ])
        case .notWindow(let word): return say.alertProblemWindow.filled(["word": quoted(word)])
        case .notCooldown(let word): return say.keeping.alertProblemCooldown.filled(["word": quoted(word)])
        case .notLifetime(let word): return say.keeping.alertProblemLifetime.filled(["word": quoted(word)])
        case .snoozeWords: return say.keeping.alertProblemSnooze
        case .positionWords: return say.keeping.alertProblemPosition
        case .notExchange(let word):
            return say.alertProblemExchange.filled([
                "word": quoted(word), "exchanges": Exchange.allCases.map(\.rawValue).joined(separator: ", "),
            ])
        }
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

extension AlertListReport {
    var isNoChat: Bool {
        if case .noChat = self { return true }
        return false
    }
}
