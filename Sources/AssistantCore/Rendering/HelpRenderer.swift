import TelegramBotAPI

/// `HelpReport` → Telegram HTML, for `/help` and `/start`.
enum HelpRenderer {
    static func help(_ report: HelpReport) -> String {
        "<b>Commands</b>\n" + lines(report)
    }

    static func start(_ report: HelpReport) -> String {
        """
        <b>crypto-assistant</b> — market data from Binance, Bybit, OKX, Bitget, Gate and MEXC, answered in this chat.

        Commands:
        \(lines(report))

        Market data only, never advice.
        """
    }

    /// One line of usage per command.
    private static func lines(_ report: HelpReport) -> String {
        report.commands.map { "\(HTML.escape($0.usage)) — \(HTML.escape($0.summary))" }.joined(separator: "\n")
    }
}
