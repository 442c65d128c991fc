/// `/help`: every command with a one-line usage.
public struct HelpCommand: CommandHandler {
    public let descriptor = CommandCatalog.help
    let help: HelpText

    public init(help: HelpText) {
        self.help = help
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        Reply(html: "<b>Commands</b>\n\(help.html)")
    }
}
