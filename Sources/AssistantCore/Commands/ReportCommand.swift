import MarketEngine
import TelegramBotAPI

/// A command whose answer is a typed report: `report` reads the arguments (through
/// `CommandGrammar`) and the market, and a renderer in `Rendering/` turns the report into
/// the reply. The JSON API serves the same report values, so the two cannot disagree.
protocol ReportCommand: CommandHandler {
    associatedtype Report: Sendable & Codable
    /// Throws an `ArgumentError` or a `MarketFailure`.
    func report(_ invocation: CommandInvocation) async throws -> Report
    func render(_ report: Report) -> Reply
}

extension ReportCommand {
    public func run(_ invocation: CommandInvocation) async -> Reply {
        do {
            return render(try await report(invocation))
        } catch let error as ArgumentError {
            return Reply(html: error.showsUsage ? "Usage: \(HTML.escape(descriptor.usage))" : HTML.escape("\(error)"))
        } catch {
            return Reply(html: FailureRenderer.line(MarketFailure(error)))
        }
    }
}
