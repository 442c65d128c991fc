import AssistantCore
import AssistantTesting
import CoreMetrics
import Logging
import MarketEngine
import PostgresNIO
import ServiceLifecycle
import Testing

@testable import AssistantServer

/// The store conformance suite (`StoreConformance`), each check on a new database of a real
/// PostgreSQL server started for the test process.
@Suite struct PostgresStoreConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conforms(_ check: StoreConformance.Check) async throws {
        try await withPostgresStore { (store) async throws in try await check.run(on: store.stores) }
    }
}

/// A `PostgresStore` on a fresh database, its pool and schema running, for `body`.
func withPostgresStore<T: Sendable>(
    owner: String = "test", leaseSeconds: Int = 20, url: String? = nil, clock: AppClock = .system,
    _ body: @Sendable (PostgresStore) async throws -> T
) async throws -> T {
    let url = if let url { url } else { try await TestPostgres.makeDatabase() }
    let store = try PostgresStore(
        url: DatabaseURL(parsing: url), owner: owner, leaseSeconds: leaseSeconds,
        options: .init(poolSize: 4, statementTimeout: .seconds(60)),
        metrics: NOOPMetricsHandler.instance, clock: clock, logger: Logger(label: "test"))
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await store.service.run()
            return nil
        }
        defer { group.cancelAll() }
        let ready = await store.database.waitUntilReady()
        #expect(ready, "schema made")
        return try await body(store)
    }
}
