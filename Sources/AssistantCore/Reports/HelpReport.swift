/// `/help` and `/start` as data: every command this bot answers, in `/help` order.
public struct HelpReport: Sendable, Codable, Equatable {
    public struct Command: Sendable, Codable, Equatable {
        public var name: String
        public var usage: String
    }

    public var commands: [Command]

    public init(_ descriptors: [CommandDescriptor]) {
        commands = descriptors.map { Command(name: $0.name, usage: $0.usage) }
    }
}
