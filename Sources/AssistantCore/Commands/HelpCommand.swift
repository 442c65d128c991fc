/// `/help`: every command with a one-line usage.
public struct HelpCommand: ReportCommand {
    public let descriptor = CommandCatalog.help
    let help: HelpReport

    public init(help: HelpReport) {
        self.help = help
    }

    func report(_ invocation: CommandInvocation) async throws -> HelpReport { help }

    func render(_ report: HelpReport, in language: Language) -> Reply {
        Reply(html: HelpRenderer.help(report, in: language))
    }
}
