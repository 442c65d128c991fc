/// One command's behaviour. Handlers return a `Reply`; they never talk to Telegram.
public protocol CommandHandler: Sendable {
    var descriptor: CommandDescriptor { get }
    /// Slow commands get a "typing…" chat action before they run.
    var isSlow: Bool { get }
    func run(_ invocation: CommandInvocation) async -> Reply
}

extension CommandHandler {
    public var isSlow: Bool { false }
}
