import TelegramBotAPI

/// The command list shared by `/start` and `/help`: one line of usage per command.
public struct HelpText: Sendable {
    public var descriptors: [CommandDescriptor]

    public init(descriptors: [CommandDescriptor]) {
        self.descriptors = descriptors
    }

    public var html: String {
        descriptors.map { "\(HTML.escape($0.usage)) — \(HTML.escape($0.summary))" }.joined(separator: "\n")
    }
}
