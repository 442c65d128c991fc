import MarketEngine
import TelegramBotAPI

/// `LiquidationsReport` → Telegram HTML: a line per exchange, the total, the largest, and
/// the honest parts — sampled feeds are lower bounds, and a feed that has not listened for
/// the whole hour says since when it counts.
public enum LiquidationsRenderer {
    public static func render(_ report: LiquidationsReport, in language: Language) -> String {
        let say = language.phrases
        if report.streamsOff { return say.liquidationsOff }
        var lines = [
            report.base.map { say.liquidationsTitle.filled(["base": HTML.escape($0)]) } ?? say.liquidationsTitleAll
        ]
        for tally in report.tallies {
            guard tally.listeningSince != nil || tally.count > 0 else {
                lines.append(say.liquidationsDisconnected.filled(["exchange": tally.exchange.displayName]))
                continue
            }
            lines.append(
                say.liquidationsRow.filled([
                    "exchange": tally.exchange.displayName, "longs": NumberFormat.compactUSD(tally.longs),
                    "shorts": NumberFormat.compactUSD(tally.shorts), "count": "\(tally.count)",
                ]))
        }
        lines.append(
            say.liquidationsTotal.filled([
                "longs": NumberFormat.compactUSD(report.longs), "shorts": NumberFormat.compactUSD(report.shorts),
            ]))
        if let largest = report.largest {
            lines.append(
                say.liquidationsLargest.filled([
                    "exchange": largest.exchange.displayName,
                    "side": largest.side == .long ? say.liquidationsLong : say.liquidationsShort,
                    "quantity": NumberFormat.price(largest.quantity), "base": HTML.escape(largest.base),
                    "price": NumberFormat.price(largest.price), "notional": NumberFormat.compactUSD(largest.notional),
                    "time": NumberFormat.timeOfDay(milliseconds: largest.time),
                ]))
        } else {
            lines.append(say.liquidationsNone)
        }
        let sampled = report.tallies.filter(\.isSampled).map(\.exchange.displayName)
        if !sampled.isEmpty {
            lines.append(say.liquidationsSampled.filled(["exchanges": sampled.joined(separator: say.listSeparator)]))
        }
        for tally in report.tallies {
            guard let since = tally.listeningSince, since > report.since else { continue }
            lines.append(
                say.liquidationsSince.filled([
                    "exchange": tally.exchange.displayName, "time": NumberFormat.timeOfDay(milliseconds: since),
                ]))
        }
        lines.append(say.liquidationsFooter.filled(["time": NumberFormat.timeOfDay(milliseconds: report.time)]))
        return lines.joined(separator: "\n")
    }
}
