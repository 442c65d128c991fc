/// `/start`: a short introduction and the command list.
public struct StartCommand: CommandHandler {
    public let descriptor = CommandCatalog.start
    let help: HelpText

    public init(help: HelpText) {
        self.help = help
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        Reply(
            html: """
                <b>crypto-assistant</b> — market data from Binance, Bybit and OKX, answered in this chat.

                Commands:
                \(help.html)

                Market data only, never advice.
                """)
    }
}
