/// A setting that stops start-up. The message names the setting, never its value.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
    public var name: String
    public var problem: String

    public init(name: String, problem: String) {
        self.name = name
        self.problem = problem
    }

    public var description: String { "\(name) \(problem)" }
}
