#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// README's settings table and `.env.example`, made from `SettingsTable` so that they cannot
/// drift from what the loader reads. `make docs` (`crypto-assistant config docs`) writes them;
/// a test fails when the files in the repository differ.
public enum SettingsDocumentation {
    /// README's table sits between a line starting with this and `readmeEnd`.
    public static let readmeBegin = "<!-- settings:begin"
    public static let readmeEnd = "<!-- settings:end -->"
    static let source = "Sources/AssistantServer/Configuration/SettingsTable.swift"

    /// README's table with its markers.
    public static func readmeTable() -> String {
        var lines = [
            "\(readmeBegin): written by `make docs` from \(source) -->",
            "| name | default | meaning |",
            "|---|---|---|",
        ]
        for setting in SettingsTable.settings {
            let names = setting.names.map { "`\($0)`" }.joined(separator: ", ")
            let meaning = setting.doc + (setting.isSecret ? " Secret." : "")
            lines.append("| \(names) | \(cell(setting.defaultText)) | \(cell(meaning)) |")
        }
        lines.append(readmeEnd)
        return lines.joined(separator: "\n")
    }

    /// `readme` with its table, markers included, replaced by `readmeTable()`.
    public static func readme(updating readme: String) throws(MissingMarkers) -> String {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(where: { $0.hasPrefix(readmeBegin) }),
            let end = lines[begin...].firstIndex(where: { $0 == readmeEnd })
        else { throw MissingMarkers() }
        let before = lines[..<begin].map(String.init)
        let after = lines[(end + 1)...].map(String.init)
        return (before + [readmeTable()] + after).joined(separator: "\n")
    }

    /// The whole of `.env.example`.
    public static func environmentExample() -> String {
        var lines = [
            "# crypto-assistant settings. Environment variables override this file.",
            "# `make run` copies this file to .env (git-ignored) with a fresh WEBHOOK_SECRET.",
            "# Every setting is described in README.md, \"Settings\".",
            "# Written by `make docs` from \(source): change it there.",
        ]
        for section in SettingsTable.sections {
            let title = "# --- \(section.title) "
            lines += ["", title + String(repeating: "-", count: max(3, 80 - title.count))]
            lines += section.comment.map { "# " + $0 }
            for (index, setting) in section.settings.enumerated() {
                if index > 0 && !setting.example.comment.isEmpty { lines.append("") }
                lines += setting.example.text(names: setting.names)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rewrites README's table in the file at `readmePath` and writes `.env.example` to
    /// `environmentExamplePath`, for each path given.
    public static func write(readmePath: String?, environmentExamplePath: String?) throws {
        if let readmePath {
            let readme = try String(contentsOfFile: readmePath, encoding: .utf8)
            try Data(try self.readme(updating: readme).utf8).write(to: URL(fileURLWithPath: readmePath))
        }
        if let environmentExamplePath {
            try Data(environmentExample().utf8).write(to: URL(fileURLWithPath: environmentExamplePath))
        }
    }

    /// A `|` inside a cell would end it.
    private static func cell(_ text: String) -> String {
        text.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }

    public struct MissingMarkers: Error, CustomStringConvertible {
        public var description: String {
            "README has no settings table between a \(readmeBegin) … --> line and a \(readmeEnd) line"
        }
    }
}
