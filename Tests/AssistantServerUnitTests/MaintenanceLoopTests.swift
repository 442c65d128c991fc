import AssistantCore
import AssistantTesting
import Logging
import MarketEngine
import Testing

@testable import AssistantServer

/// The hourly housekeeping runs on the clock it is given: a test moves two days in
/// microseconds and sees the journal pruned by the same clock that stamped its rows.
@Suite(.timeLimit(.minutes(1))) struct MaintenanceLoopTests {
    @Test func answeredUpdatesLeaveTheJournalOnceTheDedupeWindowHasPassedOnTheClock() async throws {
        let clock = TestClock()
        let stores = MemoryStores(clock: clock.appClock).stores
        #expect(try await stores.journal.begin(updateID: 1, payload: []))
        try await stores.journal.complete(updateID: 1)
        let loop = MaintenanceLoop(
            journal: stores.journal, postgres: nil,
            snapshotter: EquitySnapshotter(
                store: stores.equity,
                accounts: AccountService(engine: MarketEngine.fixed([], clock: clock.appClock), credentials: [:])),
            clock: clock.appClock, logger: Logger(label: "maintenance"))
        let running = Task { await loop.run() }
        defer { running.cancel() }

        await clock.sleepers(atLeast: 1)  // the first pass is done: it sleeps for an hour
        #expect(try await stores.journal.isDone(updateID: 1) == true, "answered a moment ago: kept")
        clock.advance(by: .seconds(Stores.dedupeWindowSeconds - 3600))
        await clock.sleepers(atLeast: 1)
        #expect(try await stores.journal.isDone(updateID: 1) == true, "inside the window: kept")
        clock.advance(by: .seconds(2 * 3600))
        await clock.sleepers(atLeast: 1)
        #expect(try await stores.journal.isDone(updateID: 1) == nil, "past the window: pruned")
    }
}
