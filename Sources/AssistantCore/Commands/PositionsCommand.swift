import MarketEngine
import TelegramBotAPI

/// `/positions`: every open perpetual position, hedge-mode sides shown separately.
public struct PositionsCommand: ReportCommand {
    public let descriptor = CommandCatalog.positions
    let service: AccountService

    public init(service: AccountService) {
        self.service = service
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> PositionsReport {
        PositionsReport(await service.positions())
    }

    func render(_ report: PositionsReport, in language: Language) -> Reply {
        Reply(html: PositionsRenderer.render(report, in: language))
    }
}
