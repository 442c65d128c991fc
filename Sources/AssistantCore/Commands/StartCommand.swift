/// `/start`: a short introduction and the command list.
public struct StartCommand: ReportCommand {
    public let descriptor = CommandCatalog.start
    let help: HelpReport

    public init(help: HelpReport) {
        self.help = help
    }

    func report(_ invocation: CommandInvocation) async throws -> HelpReport { help }

    func render(_ report: HelpReport, in language: Language) -> Reply {
        Reply(html: HelpRenderer.start(report, in: language))
    }
}
