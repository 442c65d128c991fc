import MarketEngine
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `/positions`: every open perpetual position, hedge-mode sides shown separately.
public struct PositionsCommand: CommandHandler {
    public let descriptor = CommandCatalog.positions
    let service: AccountService

    public init(service: AccountService) {
        self.service = service
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        var lines = ["<b>Open positions</b>"]
        var count = 0
        var problems: [String] = []
        for (exchange, outcome) in await service.positions() {
            if let line = AccountFormatting.missing(exchange, outcome) {
                problems.append(line)
                continue
            }
            guard case .value(let positions) = outcome else { continue }
            for position in positions {
                count += 1
                let liquidation = position.liquidationPrice.map { " · liq \(AccountFormatting.amount($0))" } ?? ""
                lines.append(
                    "<b>\(exchange.displayName)</b> \(HTML.escape(position.symbol)) \(position.side == .long ? "🟢 long" : "🔴 short") \(AccountFormatting.amount(position.size)) · \(AccountFormatting.usd(position.notional)) · \(AccountFormatting.leverage(position.leverage))"
                )
                lines.append(
                    "  entry \(AccountFormatting.amount(position.entryPrice)) · mark \(AccountFormatting.amount(position.markPrice))\(liquidation) · uPnL \(AccountFormatting.signedUSD(position.unrealizedPnl)) (\(AccountFormatting.percent(position.roePercent)) ROE)"
                )
            }
        }
        if count == 0 { lines.append("No open positions.") }
        return Reply(html: (lines + problems).joined(separator: "\n"))
    }
}
