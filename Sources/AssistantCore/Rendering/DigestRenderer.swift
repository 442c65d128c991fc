import MarketEngine
import TelegramBotAPI

/// `DigestReport` (the daily message) and `DigestCommandReport` → Telegram HTML.
public enum DigestRenderer {
    /// The digest, in the language it was set in.
    public static func render(_ digest: DigestReport) -> Reply {
        let say = digest.language.phrases
        var lines = [say.keeping.digestTitle.filled(["day": digest.day, "exchange": digest.exchange.displayName])]
        if !digest.watchlist { lines.append(say.keeping.digestTopTen) }
        lines.append(MarketTableRenderer.table(digest.rows, openInterest: true, say))
        let movers = digest.movers.map { "\(HTML.escape($0.base)) \(NumberFormat.percent($0.changePercent ?? 0))" }
        if !movers.isEmpty { lines.append(say.keeping.digestMovers.filled(["movers": movers.joined(separator: ", ")])) }
        if digest.fired.isEmpty {
            lines.append(say.keeping.digestNoneFired)
        } else {
            lines.append(say.keeping.digestFired.filled(["count": "\(digest.fired.count)"]))
            for alert in digest.fired.suffix(DigestReport.firedShown) {
                lines.append(
                    "• \(AlertRenderer.firedSentence(alert, say)) · \(NumberFormat.timeOfDay(milliseconds: alert.firedAt))"
                )
            }
        }
        lines.append(say.dataAt(digest.at, exchange: digest.exchange))
        return Reply(html: lines.joined(separator: "\n"))
    }

    static func render(_ report: DigestCommandReport, in language: Language) -> Reply {
        let say = language.phrases
        func described(_ schedule: DigestSchedule, _ phrase: String) -> String {
            phrase.filled([
                "time": schedule.timeText, "zone": HTML.escape(schedule.zone),
                "exchange": schedule.exchange.displayName,
            ])
        }
        switch report {
        case .scheduled(let schedule): return Reply(html: described(schedule, say.keeping.digestScheduled))
        case .shown(let schedule?): return Reply(html: described(schedule, say.keeping.digestShown))
        case .shown(nil): return Reply(html: say.keeping.digestNone)
        case .off(let found): return Reply(html: found ? say.keeping.digestOff : say.keeping.digestNoneToStop)
        case .now(let digest):
            var digest = digest
            digest.language = language
            return render(digest)
        case .problem(let problem): return Reply(html: self.problem(problem, say))
        case .cannotDeliver: return Reply(html: say.keeping.digestCannotDeliver)
        case .noChat: return Reply(html: say.alertNoChat)
        case .unavailable: return Reply(html: say.keeping.digestUnavailable)
        }
    }

    /// What is wrong with a time, a range, a zone or a mode (also `/settings quiet`'s).
    static func problem(_ problem: ScheduleProblem, _ say: Phrasebook) -> String {
        switch problem {
        case .time(let word): say.keeping.scheduleProblemTime.filled(["word": HTML.escape(word)])
        case .range(let word): say.keeping.scheduleProblemRange.filled(["word": HTML.escape(word)])
        case .zone(let word): say.keeping.scheduleProblemZone.filled(["word": HTML.escape(word)])
        case .mode(let word): say.keeping.scheduleProblemMode.filled(["word": HTML.escape(word)])
        }
    }
}
