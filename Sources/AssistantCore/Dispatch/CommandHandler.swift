/// One command's behaviour. Handlers return a `Reply`; they never talk to Telegram.
public protocol CommandHandler: Sendable {
    var descriptor: CommandDescriptor { get }
    /// Slow commands get a chat action ("typing…") before they run.
    var isSlow: Bool { get }
    /// The chat action a slow command announces: `typing`, or `upload_photo` for a picture.
    var chatAction: String { get }
    func run(_ invocation: CommandInvocation) async -> Reply
}

extension CommandHandler {
    public var isSlow: Bool { false }
    public var chatAction: String { "typing" }
}
