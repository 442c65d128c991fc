/// A command that is announced but not implemented yet. It says so plainly.
public struct ComingSoonCommand: CommandHandler {
    public let descriptor: CommandDescriptor
    public var isAvailable: Bool { false }

    public init(descriptor: CommandDescriptor) {
        self.descriptor = descriptor
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        Reply(
            html:
                "/\(descriptor.name) is coming soon: this version does not have it yet. Send /help for what works now.")
    }
}
