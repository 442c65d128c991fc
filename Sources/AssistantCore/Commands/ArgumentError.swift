import MarketEngine

/// An argument that is missing or does not parse, in the words both surfaces show: the bot
/// replies with it (or with the usage line), the JSON API sends it with a 400.
public struct ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
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

    public var description: String {
        if problem == .missing { return "\(parameter.rawValue) is required" }
        switch parameter {
        case .interval:
            return "Unknown interval. Use one of \(Interval.allCases.map(\.rawValue).joined(separator: ", "))."
        case .bars:
            return "Bars must be a number from \(CommandGrammar.bars.lowerBound) to \(CommandGrammar.bars.upperBound)."
        case .threshold: return "Threshold must be a number above 0, e.g. 2.5."
        case .window:
            return "Window must be \(Horizon.allCases.map { "\($0.hours)h" }.joined(separator: ", "))."
        case .period:
            return "Period must be \(ReportPeriod.allCases.map(\.rawValue).joined(separator: ", "))."
        default: return "\(parameter.rawValue) has an unknown value"
        }
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
