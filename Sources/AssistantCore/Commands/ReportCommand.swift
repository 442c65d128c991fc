import MarketEngine
import TelegramBotAPI

/// A command whose answer is a typed report: `report` reads the arguments (through
/// `CommandGrammar`) and the market or a store, and a renderer in `Rendering/` turns the
/// report into the reply in the chat's language. The JSON API serves the same report
/// values, so the two cannot disagree.
protocol ReportCommand: CommandHandler {
    associatedtype Report: Sendable
    /// Throws an `ArgumentError` or a `MarketFailure`; other outcomes are the report's.
    func report(_ invocation: CommandInvocation) async throws -> Report
    func render(_ report: Report, in language: Language) -> Reply
}

extension ReportCommand {
    public func run(_ invocation: CommandInvocation) async -> Reply {
        await reportReply(invocation)
    }

    /// The report rendered, or the usage or failure line: what `run` answers (a command that
    /// answers some words otherwise calls it for the rest).
    func reportReply(_ invocation: CommandInvocation) async -> Reply {
        do {
            return render(try await report(invocation), in: invocation.language)
        } catch let error as ArgumentError {
            return Reply(html: FailureRenderer.line(error, usage: descriptor.usage, in: invocation.language))
        } catch {
            return Reply(html: FailureRenderer.line(MarketFailure(error), in: invocation.language))
        }
    }
}
