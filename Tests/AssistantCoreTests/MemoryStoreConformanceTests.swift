import AssistantTesting
import Testing

/// The in-memory stores the unit tests use keep the same rules as the real ones.
@Suite struct MemoryStoreConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conforms(_ check: StoreConformance.Check) async throws {
        try await check.run(on: MemoryStores().stores)
    }
}
