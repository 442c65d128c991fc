import AssistantCore
import AssistantTesting
import Testing

@testable import AssistantServer

/// The store conformance suite (`StoreConformance`), each check on a new SQLite file.
@Suite struct SQLiteStoreConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conforms(_ check: StoreConformance.Check) async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.path + "/db.sqlite")
        try await check.run(on: store.stores)
        try store.close()
    }
}
