import TelegramBotAPI

/// The command list shared by `/start` and `/help`: one line of usage per command.
public struct HelpText: Sendable {
    public var descriptors: [CommandDescriptor]
    public var availability: [String: Bool]

    public init(descriptors: [CommandDescriptor], availability: [String: Bool]) {
        self.descriptors = descriptors
        self.availability = availability
    }

    public var html: String {
        descriptors.map { descriptor in
            var line = "\(HTML.escape(descriptor.usage)) — \(HTML.escape(descriptor.summary))"
            if availability[descriptor.name] == false { line += " <i>(coming soon)</i>" }
            return line
        }.joined(separator: "\n")
    }
}
