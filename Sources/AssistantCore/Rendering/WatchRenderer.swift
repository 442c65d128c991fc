import MarketEngine
import TelegramBotAPI

/// `WatchReport` and `WatchTable` → Telegram HTML.
enum WatchRenderer {
    static func render(_ report: WatchReport, in language: Language) -> Reply {
        let say = language.phrases
        switch report.outcome {
        case .noChat: return Reply(html: say.alertNoChat)
        case .unreadable: return Reply(html: say.keeping.watchUnreadable)
        case .shown, .changed: break
        }
        let exchange = report.table?.exchange.displayName ?? ""
        func list(_ symbols: [String]) -> String { HTML.escape(symbols.joined(separator: ", ")) }
        var lines: [String] = []
        if !report.added.isEmpty { lines.append(say.keeping.watchAdded.filled(["symbols": list(report.added)])) }
        if !report.removed.isEmpty { lines.append(say.keeping.watchRemoved.filled(["symbols": list(report.removed)])) }
        if !report.refused.isEmpty {
            lines.append(
                say.keeping.watchRefused.filled(["symbols": list(report.refused), "limit": "\(Watchlist.limit)"]))
        }
        if !report.unknown.isEmpty {
            lines.append(
                (report.removing ? say.keeping.watchNotWatched : say.keeping.watchUnknown).filled([
                    "symbols": list(report.unknown), "exchange": exchange,
                ]))
        }
        if let table = report.table, !table.rows.isEmpty {
            lines.append(render(table, in: language))
        } else {
            lines.append(say.keeping.watchEmpty)
        }
        return Reply(html: lines.joined(separator: "\n"))
    }

    /// The watchlist as one table, with when its readings were taken.
    static func render(_ table: WatchTable, in language: Language) -> String {
        let say = language.phrases
        return [
            say.keeping.watchTitle.filled([
                "exchange": table.exchange.displayName, "count": "\(table.rows.count)", "limit": "\(Watchlist.limit)",
            ]),
            MarketTableRenderer.table(table.rows, say), say.dataAt(table.at),
        ].joined(separator: "\n")
    }
}
