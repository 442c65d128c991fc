import MarketEngine
import TelegramBotAPI

/// `/watch [SYMBOL…]`, `/watch remove SYMBOL…`: the chat's watchlist (at most
/// `Watchlist.limit` coins), shown as one table on the chat's exchange. `/price` without a
/// symbol, inline mode with an empty query and the daily digest read it.
public struct WatchCommand: ReportCommand {
    public let descriptor = CommandCatalog.watch
    let watchlist: Watchlist
    let engine: MarketEngine

    public init(watchlist: Watchlist, engine: MarketEngine) {
        self.watchlist = watchlist
        self.engine = engine
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> WatchReport {
        guard let chatID = invocation.chat?.id else { return WatchReport(outcome: .noChat) }
        let arguments = CommandArguments(invocation)
        var words = arguments.rest
        let removing = ["remove", "delete", "del", "rm"].contains(words.first?.lowercased() ?? "")
        if removing { words.removeFirst() }
        var report = WatchReport(outcome: words.isEmpty ? .shown : .changed)
        report.removing = removing
        do {
            if removing {
                let bases = words.map { CommandGrammar.base(of: $0) }
                report.removed = try await watchlist.remove(bases, from: chatID)
                report.unknown = bases.filter { !report.removed.contains($0) }
            } else if !words.isEmpty {
                var bases: [String] = []
                // Each word must be a coin the chat's exchange lists (a typo is said, not kept).
                for word in words.prefix(Watchlist.limit * 2) {
                    if let instrument = try? await engine.resolve(word, on: arguments.exchange, market: .spot) {
                        bases.append(instrument.base)
                    } else {
                        report.unknown.append(String(word.prefix(24)))
                    }
                }
                (report.added, report.refused) = try await watchlist.add(bases, to: chatID)
            }
            let bases = try await watchlist.bases(of: chatID)
            report.table = await WatchTable.make(bases, on: arguments.exchange, engine: engine)
        } catch {
            return WatchReport(outcome: .unreadable)
        }
        return report
    }

    func render(_ report: WatchReport, in language: Language) -> Reply {
        WatchRenderer.render(report, in: language)
    }
}
