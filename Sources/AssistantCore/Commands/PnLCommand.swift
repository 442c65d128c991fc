import MarketEngine
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `/pnl [today|7d|30d]`: realised PnL, funding and commissions over the period, and the
/// current unrealised PnL, per exchange and in total.
public struct PnLCommand: CommandHandler {
    public let descriptor = CommandCatalog.pnl
    let service: AccountService
    let history: (any EquityHistory)?
    let now: @Sendable () -> Int64

    public init(
        service: AccountService, history: (any EquityHistory)? = nil,
        now: @escaping @Sendable () -> Int64 = UTCClock.nowMilliseconds
    ) {
        self.service = service
        self.history = history
        self.now = now
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        guard let parsed = try? CommandGrammar.period(invocation.arguments.first) else {
            return Reply(html: "Usage: \(HTML.escape(descriptor.usage))")
        }
        let period = parsed.rawValue
        let since = parsed.since(now: now())
        var lines = ["<b>PnL \(parsed == .today ? "today (UTC)" : "last \(period)")</b>"]
        var total: Decimal = 0
        for (exchange, outcome) in await service.pnl(since: since) {
            if let line = AccountFormatting.missing(exchange, outcome) {
                lines.append(line)
                continue
            }
            guard case .value(let pnl) = outcome else { continue }
            total += pnl.total
            var parts = ["realised \(AccountFormatting.signedUSD(pnl.realized))"]
            if let funding = pnl.funding { parts.append("funding \(AccountFormatting.signedUSD(funding))") }
            if let commissions = pnl.commissions { parts.append("fees \(AccountFormatting.signedUSD(commissions))") }
            if pnl.funding == nil { parts.append("(fees and funding included)") }
            parts.append("unrealised \(AccountFormatting.signedUSD(pnl.unrealized))")
            lines.append("<b>\(exchange.displayName)</b> " + parts.joined(separator: " · "))
        }
        lines.append("<b>Total</b> \(AccountFormatting.signedUSD(total))")
        if period != "today", let history { lines.append(await equityChange(history, since: since, period: period)) }
        return Reply(html: lines.joined(separator: "\n"))
    }

    /// Equity now against the snapshot of the period's first day, when one exists.
    private func equityChange(_ history: any EquityHistory, since: Int64, period: String) async -> String {
        let balances = await service.balances()
        await history.record(balances, now: now())
        let start = EquityDay.of(milliseconds: since)
        guard let then = try? await history.equity(on: start), !then.isEmpty else {
            let first = (try? await history.firstDay()).flatMap { $0 }
            return "<i>Equity change over \(period): available once daily snapshots reach back to \(start)"
                + (first.map { " (the first is from \($0))" } ?? "") + ".</i>"
        }
        var before: Decimal = 0
        var after: Decimal = 0
        for (exchange, outcome) in balances {
            guard case .value(let balance) = outcome, let old = then[exchange] else { continue }
            before += old
            after += balance.totalEquity
        }
        let percent = before > 0 ? (after - before) / before * 100 : 0
        return
            "<b>Equity</b> \(AccountFormatting.usd(before)) on \(start) → \(AccountFormatting.usd(after)) now (\(AccountFormatting.signedUSD(after - before)), \(AccountFormatting.percent(percent)))"
    }
}
