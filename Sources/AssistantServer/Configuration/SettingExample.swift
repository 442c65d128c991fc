/// How a setting appears in `.env.example`: comment lines, then a line for each of its names,
/// either set (the values `make run` starts with) or commented out.
struct SettingExample: Sendable {
    struct Line: Sendable {
        /// Nil until `filled(with:)`: the setting's default.
        var value: String?
        var isSet: Bool
        /// A short remark after the line.
        var note: String?

        static func set(_ value: String? = nil, note: String? = nil) -> Line {
            Line(value: value, isSet: true, note: note)
        }

        static func commented(_ value: String? = nil, note: String? = nil) -> Line {
            Line(value: value, isSet: false, note: note)
        }
    }

    /// Lines above the setting, without their `# `.
    var comment: [String] = []
    /// One for each name, or one for all of them.
    var lines: [Line]

    /// The variable set, to `value` or else the default.
    static func set(_ value: String? = nil, note: String? = nil, comment: [String] = []) -> SettingExample {
        SettingExample(comment: comment, lines: [.set(value, note: note)])
    }

    /// The variable commented out, with `value` or else the default.
    static func commented(_ value: String? = nil, note: String? = nil, comment: [String] = []) -> SettingExample {
        SettingExample(comment: comment, lines: [.commented(value, note: note)])
    }

    func filled(with defaultValue: String) -> SettingExample {
        var filled = self
        for index in filled.lines.indices where filled.lines[index].value == nil {
            filled.lines[index].value = defaultValue
        }
        return filled
    }

    /// Notes start in this column, so that they line up under one another.
    static let noteColumn = 36

    /// The text of the example for a setting with these names.
    func text(names: [String]) -> [String] {
        let assignments = names.enumerated().map { index, name in
            let line = lines[min(index, lines.count - 1)]
            let assignment = (line.isSet ? "" : "# ") + name + "=" + (line.value ?? "")
            guard let note = line.note else { return assignment }
            return assignment + String(repeating: " ", count: max(2, Self.noteColumn - assignment.count)) + "# " + note
        }
        return comment.map { "# " + $0 } + assignments
    }
}
