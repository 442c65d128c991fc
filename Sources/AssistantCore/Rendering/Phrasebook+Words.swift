import MarketEngine
import TelegramBotAPI

/// The phrases several renderers compose from.
extension Phrasebook {
    /// `3h 12m`, `45m`, `now`, in this language's units.
    func duration(milliseconds: Int64) -> String {
        guard milliseconds > 0 else { return durationNow }
        let minutes = milliseconds / 60_000
        guard minutes >= 60 else { return durationMinutes.filled(["minutes": "\(max(minutes, 1))"]) }
        return durationHoursMinutes.filled(["hours": "\(minutes / 60)", "minutes": "\(minutes % 60)"])
    }

    /// `2026-12-14 08:00 UTC`: a moment days away (an alert's expiry, a snooze), the same in
    /// every language.
    static func moment(milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let minute = Int((seconds - days * 86_400) / 60)
        return LocalDate(daysSince1970: Int(days)).description + " " + DigestSchedule.clockText(minute) + " UTC"
    }

    /// "Spot", "Perp": how a line of a reply starts.
    func label(_ market: Market) -> String {
        market == .spot ? spotLabel : perpLabel
    }

    /// "spot", "perp", inside a sentence.
    func word(_ market: Market) -> String {
        market == .spot ? spotWord : perpWord
    }

    /// `<i>data at 12:34 UTC</i>`, or with the exchange's name first.
    func dataAt(_ milliseconds: Int64, exchange: Exchange? = nil) -> String {
        let time = NumberFormat.timeOfDay(milliseconds: milliseconds)
        guard let exchange else { return "<i>" + dataAt.filled(["time": time]) + "</i>" }
        return "<i>" + exchangeDataAt.filled(["exchange": exchange.displayName, "time": time]) + "</i>"
    }

    /// A command's line in the command menu and `/help`; a command without one (tests add
    /// some) is described by its usage.
    func summary(of command: String, usage: String) -> String {
        switch command {
        case CommandCatalog.start.name: summaryStart
        case CommandCatalog.help.name: summaryHelp
        case CommandCatalog.price.name: summaryPrice
        case CommandCatalog.top10.name: summaryTop10
        case CommandCatalog.analysis.name: summaryAnalysis
        case CommandCatalog.volume.name: summaryVolume
        case CommandCatalog.cvd.name: summaryCVD
        case CommandCatalog.volscan.name: summaryVolumeScan
        case CommandCatalog.openInterest.name: summaryOpenInterest
        case CommandCatalog.liquidations.name: summaryLiquidations
        case CommandCatalog.chart.name: summaryChart
        case CommandCatalog.balance.name: summaryBalance
        case CommandCatalog.positions.name: summaryPositions
        case CommandCatalog.pnl.name: summaryPnL
        case CommandCatalog.alert.name: summaryAlert
        case CommandCatalog.alerts.name: summaryAlerts
        case CommandCatalog.settings.name: summarySettings
        case CommandCatalog.watch.name: keeping.summaryWatch
        case CommandCatalog.digest.name: keeping.summaryDigest
        default: usage
        }
    }

    /// A command's usage line as the reply to a missing or unknown word.
    func usage(_ usage: String) -> String {
        self.usage.filled(["usage": HTML.escape(usage)])
    }
}
