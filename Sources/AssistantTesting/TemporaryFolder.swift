import Foundation

/// A bot token in the right shape that only the simulator knows.
public let testToken = "123456:TEST-token-abcdefghijklmnopqrstuv"
/// The webhook secret the tests' servers are set up with.
public let testSecret = "test-secret_123"

/// A temporary folder removed when the last reference goes.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ca-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
