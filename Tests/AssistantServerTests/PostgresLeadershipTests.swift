import AssistantTesting
import Synchronization
import Testing

@testable import AssistantServer

/// Leader election through an advisory lock on a real PostgreSQL: one leader at a time,
/// and a standby takes over when the leader's connection dies, or when the leader stops
/// (its heartbeat runs out while its connection stays open).
@Suite(.timeLimit(.minutes(1))) struct PostgresLeadershipTests {
    @Test func aStoppedLeaderIsReplacedAndStopsWhenItResumes() async throws {
        let url = try await TestPostgres.makeDatabase()
        // Replica a's clock stands still once it leads: no more heartbeats, while its
        // connection (and lock) stay open, as with SIGSTOP.
        let frozen = TestClock()
        try await withPostgresStore(owner: "a", leaseSeconds: 2, url: url, clock: frozen.appClock) { (a) async throws in
            try await withPostgresStore(owner: "b", leaseSeconds: 2, url: url) { (b) async throws in
                let (events, sink) = AsyncStream<String>.makeStream()
                let log = LeaderLog(sink: sink)
                await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await a.leadership.whileLeading(.alerts, log.work("a")) }
                    var iterator = events.makeAsyncIterator()
                    #expect(await iterator.next() == "a leads")
                    group.addTask { try await b.leadership.whileLeading(.alerts, log.work("b")) }
                    #expect(await iterator.next() == "b leads", "a's heartbeat ran out: b ended its backend")
                    // a resumes (SIGCONT): its first check finds its connection ended.
                    frozen.advance(by: .seconds(1))
                    #expect(await iterator.next() == "a stopped")
                    group.cancelAll()
                }
            }
        }
    }

    @Test func oneReplicaLeadsAndAnotherTakesOverWhenItsConnectionDies() async throws {
        let url = try await TestPostgres.makeDatabase()
        try await withPostgresStore(owner: "a", url: url) { (a) async throws in
            try await withPostgresStore(owner: "b", url: url) { (b) async throws in
                let (events, sink) = AsyncStream<String>.makeStream()
                let log = LeaderLog(sink: sink)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await a.leadership.whileLeading(.maintenance, log.work("a")) }
                    var iterator = events.makeAsyncIterator()
                    #expect(await iterator.next() == "a leads")
                    group.addTask { try await b.leadership.whileLeading(.maintenance, log.work("b")) }
                    // The leader's connection ends (as when its process is killed).
                    _ = try await TestPostgres.psql(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_locks
                        WHERE locktype = 'advisory' AND granted AND objid = \(UInt32(truncatingIfNeeded: PostgresLeadership.lockKey(.maintenance)))
                        """, url: url)
                    let next = [await iterator.next(), await iterator.next()]
                    #expect(next == ["a stopped", "b leads"] || next == ["b leads", "a stopped"])
                    group.cancelAll()
                }
                // Between the lock's release and the old leader's next check (≤ 1 s) both may run.
                #expect(log.overlaps <= 1)
            }
        }
    }
}

/// Who leads, as the leaders' work reports it.
final class LeaderLog: Sendable {
    private let leading = Mutex<(current: Set<String>, overlaps: Int)>(([], 0))
    let sink: AsyncStream<String>.Continuation

    init(sink: AsyncStream<String>.Continuation) {
        self.sink = sink
    }

    var overlaps: Int { leading.withLock { $0.overlaps } }

    /// Leads until leadership is lost (the task is cancelled), saying when it starts and stops.
    func work(_ name: String) -> @Sendable () async throws -> Void {
        {
            self.leading.withLock { state in
                if !state.current.isEmpty { state.overlaps += 1 }
                state.current.insert(name)
            }
            self.sink.yield("\(name) leads")
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            self.leading.withLock { _ = $0.current.remove(name) }
            self.sink.yield("\(name) stopped")
        }
    }
}
