import MarketEngine

/// An argument that is missing or does not parse, in the words both surfaces show: the bot
/// replies with it (or with the usage line), the JSON API sends it with a 400. The words are
/// `FailureRenderer.sentence`.
public struct ArgumentError: Error, Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        case missing
        case invalid
    }

    public var parameter: CommandGrammar.Parameter
    public var problem: Problem

    public init(_ problem: Problem, _ parameter: CommandGrammar.Parameter) {
        self.problem = problem
        self.parameter = parameter
    }

    /// The bot answers a missing or unknown word with the command's usage line; the
    /// numbers and intervals get the sentence that says what is allowed.
    var showsUsage: Bool {
        switch (problem, parameter) {
        case (.invalid, .interval), (.invalid, .bars), (.invalid, .threshold): false
        default: true
        }
    }
}
