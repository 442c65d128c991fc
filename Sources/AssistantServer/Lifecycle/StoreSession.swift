import AssistantCore
import CoreMetrics
import Logging
import ServiceLifecycle

/// The stores `serve` would use, for a command that runs once (`ask`): the SQLite file, or
/// PostgreSQL when `DATABASE_URL` is set, its pool running only while `body` does.
public enum StoreSession {
    /// How long `ask` waits for PostgreSQL to answer before it gives up.
    static let connectLimit: Duration = .seconds(10)

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String {
            "the database at DATABASE_URL did not answer within \(StoreSession.connectLimit)"
        }
    }

    public static func with<T: Sendable>(
        _ settings: Settings, logger: Logger, _ body: @Sendable (Stores) async throws -> T
    ) async throws -> T {
        guard let url = settings.databaseURL else {
            let store = try SQLiteStore(path: settings.databasePath)
            defer { try? store.close() }
            return try await body(store.stores)
        }
        let store = try PostgresStore(
            url: url, owner: "\(settings.effectiveInstanceName)-ask/\(UInt32.random(in: 0...UInt32.max))",
            leaseSeconds: settings.chatLeaseSeconds, options: .init(poolSize: 2), metrics: NOOPMetricsHandler.instance,
            logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.service.run() }
            defer { group.cancelAll() }
            let database = store.database
            guard
                (try? await withTimeLimit(connectLimit, on: database.clock, { await database.waitUntilReady() }))
                    == true
            else {
                throw Unavailable()
            }
            return try await body(store.stores)
        }
    }
}
