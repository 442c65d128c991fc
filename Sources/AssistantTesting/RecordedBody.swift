import Foundation

/// A response body kept beside the tests, in the `Fixtures` folder next to the calling test
/// file (each folder's README says where every body came from).
public enum RecordedBody {
    /// The text of `Fixtures/<name>` beside the file that calls this.
    public static func text(_ name: String, file: StaticString = #filePath) throws -> String {
        let folder = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        return try String(
            contentsOf: folder.appendingPathComponent("Fixtures").appendingPathComponent(name), encoding: .utf8)
    }
}
