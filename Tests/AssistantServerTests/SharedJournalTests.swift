import AssistantCore
import AssistantTesting
import Foundation
import Logging
import MarketEngine
import PostgresNIO
import Synchronization
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// The chat leases of the shared journal, with two replicas' journals (two owners) on one
/// real PostgreSQL database. A lease's lapse is made by moving its expiry into the past,
/// not by waiting for it.
@Suite struct SharedJournalTests {
    /// Two stores ("a" and "b") on one fresh database.
    func withReplicas(_ body: @Sendable (PostgresStore, PostgresStore) async throws -> Void) async throws {
        let url = try await TestPostgres.makeDatabase()
        try await withPostgresStore(owner: "a", url: url) { (a) async throws in
            try await withPostgresStore(owner: "b", url: url) { (b) async throws in try await body(a, b) }
        }
    }

    @Test func theFirstReplicaTakesTheChatAndTheOtherLeavesItsUpdateToIt() async throws {
        try await withReplicas { (a, b) async throws in
            #expect(try await a.journal.begin(updateID: 1, chatID: 7, payload: [1]) == .leased(firstInLine: true))
            #expect(try await b.journal.begin(updateID: 2, chatID: 7, payload: [2]) == .heldElsewhere)
            #expect(try await b.journal.begin(updateID: 1, chatID: 7, payload: [1]) == .duplicate)
            #expect(
                try await b.journal.begin(updateID: 3, chatID: 8, payload: [3]) == .leased(firstInLine: true),
                "another chat is free")
            // This replica's own next update of a chat it holds: the work under way answers it.
            #expect(try await a.journal.begin(updateID: 5, chatID: 7, payload: [5]) == .heldHere)
            // b's begin marked the lease wanted: the holder may not let the chat go yet.
            #expect(try await a.journal.release(chatID: 7) == false)
            // The holder works the chat in id order, b's update included, then lets it go.
            #expect(try await a.journal.acquire(chatID: 7))
            #expect(try await a.journal.head(chatID: 7)?.updateID == 1)
            #expect(
                try await a.journal.complete(updateID: 1, chatID: 7)
                    == .next(JournaledUpdate(updateID: 2, payload: [2])))
            #expect(
                try await a.journal.complete(updateID: 2, chatID: 7)
                    == .next(JournaledUpdate(updateID: 5, payload: [5])))
            #expect(try await a.journal.complete(updateID: 5, chatID: 7) == .released, "nothing left: let go")
            #expect(
                try await b.journal.begin(updateID: 6, chatID: 7, payload: [6]) == .leased(firstInLine: true),
                "released: free")
            #expect(try await a.journal.acquire(chatID: 7) == false)
        }
    }

    @Test func completeLetsTheChatGoOnlyWhenNothingArrivedForItAndItIsStillHeldHere() async throws {
        try await withReplicas { (a, b) async throws in
            #expect(try await a.journal.begin(updateID: 1, chatID: 7, payload: [1]) == .leased(firstInLine: true))
            #expect(try await b.journal.begin(updateID: 2, chatID: 7, payload: [2]) == .heldElsewhere)
            #expect(
                try await a.journal.complete(updateID: 1, chatID: 7)
                    == .next(JournaledUpdate(updateID: 2, payload: [2])))
            // b's mark stands until the holder acquires again: it may not let go yet.
            #expect(try await a.journal.complete(updateID: 2, chatID: 7) == .wanted)
            #expect(try await a.journal.acquire(chatID: 7))
            #expect(try await a.journal.head(chatID: 7) == nil)
            #expect(try await a.journal.release(chatID: 7))
            // A lease that lapsed and was adopted by b: a's answer is recorded, the chat is b's.
            #expect(try await a.journal.begin(updateID: 3, chatID: 8, payload: [3]) == .leased(firstInLine: true))
            #expect(try await a.journal.begin(updateID: 4, chatID: 8, payload: [4]) == .heldHere)
            try await expireLeases(a)
            #expect(try await b.journal.adoptOrphans(limit: 10) == [8])
            #expect(try await a.journal.complete(updateID: 3, chatID: 8) == .lost)
            #expect(try await a.journal.isDone(updateID: 3) == true)
            #expect(try await b.journal.head(chatID: 8)?.updateID == 4)
            // Retried after a lost answer, the call that had let the chat go finds it gone.
            #expect(try await b.journal.complete(updateID: 4, chatID: 8) == .released)
            #expect(try await b.journal.complete(updateID: 4, chatID: 8) == .lost)
        }
    }

    @Test func aChatsSettingsAreReadWithItsLeaseAndKeptOnlyWhileItIsHeld() async throws {
        try await withReplicas { (a, b) async throws in
            try await b.preferences.setPreferences(ChatPreferences(exchange: .okx), for: 7)
            #expect(try await a.journal.begin(updateID: 1, chatID: 7, payload: [1]) == .leased(firstInLine: true))
            // Changed behind the holder's back (no replica does this): the copy shows it is used.
            try await setExchange("bybit", chat: 7, in: a)
            #expect(try await a.preferences.preferences(for: 7).exchange == .okx, "read with the lease")
            try await a.preferences.setPreferences(ChatPreferences(exchange: .binance), for: 7)
            #expect(try await a.preferences.preferences(for: 7).exchange == .binance, "written through")
            #expect(try await a.journal.complete(updateID: 1, chatID: 7) == .released)
            try await setExchange("bybit", chat: 7, in: a)
            #expect(try await a.preferences.preferences(for: 7).exchange == .bybit, "let go: read again")
            // Not first in line: the settings are read when the update is worked, not with the lease.
            try await a.journal.releaseAll()
            #expect(try await b.journal.begin(updateID: 2, chatID: 9, payload: [2]) == .leased(firstInLine: true))
            try await expireLeases(a)
            #expect(try await a.journal.begin(updateID: 3, chatID: 9, payload: [3]) == .leased(firstInLine: false))
            try await setExchange("okx", chat: 9, in: a)
            #expect(try await a.preferences.preferences(for: 9).exchange == .okx)
        }
    }

    func expireLeases(_ store: PostgresStore) async throws {
        _ = try await store.database.run { client in
            try await client.query("UPDATE chat_leases SET expires_at = now() - interval '1 second'").consume()
        }
    }

    func setExchange(_ exchange: String, chat: Int64, in store: PostgresStore) async throws {
        _ = try await store.database.run { client in
            try await client.query(
                """
                INSERT INTO chat_settings (chat_id, exchange) VALUES (\(chat), \(exchange))
                ON CONFLICT (chat_id) DO UPDATE SET exchange = excluded.exchange
                """
            ).consume()
        }
    }

    @Test func aLapsedLeaseIsAdoptedByExactlyOneReplica() async throws {
        try await withReplicas { (a, b) async throws in
            for id in Int64(1)...20 {
                let admission = try await a.journal.begin(updateID: id, chatID: id % 5, payload: [UInt8(id)])
                #expect(admission == (id <= 5 ? .leased(firstInLine: true) : .heldHere))
            }
            #expect(try await b.journal.adoptOrphans(limit: 100).isEmpty, "live leases are not orphans")
            try await expireLeases(a)
            async let fromA = a.journal.adoptOrphans(limit: 100)
            async let fromB = b.journal.adoptOrphans(limit: 100)
            let adopted = try await fromA + fromB
            #expect(adopted.sorted() == [0, 1, 2, 3, 4], "each chat once")
            #expect(try await a.journal.adoptOrphans(limit: 100).isEmpty)
            // Renewal keeps a lease from lapsing again.
            try await b.journal.renewLeases(except: [])
            #expect(try await a.journal.adoptOrphans(limit: 100).isEmpty)
        }
    }

    @Test func aChatWithUnansweredUpdatesAndNoLeaseIsAnOrphan() async throws {
        try await withReplicas { (a, b) async throws in
            #expect(try await a.journal.begin(updateID: 1, chatID: 9, payload: [1]) == .leased(firstInLine: true))
            try await a.journal.releaseAll()
            // Taken again after the lapse: not first in line, an earlier update waits.
            #expect(try await a.journal.begin(updateID: 2, chatID: 9, payload: [2]) == .leased(firstInLine: false))
            try await a.journal.releaseAll()  // as a drain that ran out of time would leave it
            #expect(try await b.journal.adoptOrphans(limit: 10) == [9])
            #expect(try await b.journal.head(chatID: 9)?.payload == [1])
        }
    }

    @Test func concurrentBeginsOfOneChatLeaseItToOneReplica() async throws {
        try await withReplicas { (a, b) async throws in
            let outcomes = try await withThrowingTaskGroup(of: SharedAdmission.self) { group in
                for id in Int64(1)...40 {
                    let journal = id.isMultiple(of: 2) ? a.journal : b.journal
                    group.addTask { try await journal.begin(updateID: id, chatID: 5, payload: [1]) }
                }
                return try await group.reduce(into: [SharedAdmission]()) { $0.append($1) }
            }
            #expect(outcomes.count == 40)
            #expect(!outcomes.contains(.duplicate))
            let holders = try await a.database.run { client in
                var owners: [String] = []
                for try await owner in try await client.query("SELECT owner FROM chat_leases WHERE chat_id = 5")
                    .decode(String.self)
                {
                    owners.append(owner)
                }
                return owners
            }
            #expect(holders.count == 1)
        }
    }

    @Test func sendLimitsAreBookedForTheBotAsAWholeAndARetryAfterHoldsEveryReplica() async throws {
        try await withReplicas { (a, b) async throws in
            let policy = PacingPolicy(
                chatInterval: .seconds(10), chatBurst: 2, groupInterval: .seconds(10), groupBurst: 2,
                globalInterval: .seconds(10), globalBurst: 3)
            func book(_ store: PostgresStore, chat: Int64) async throws -> (booked: Bool, wait: Double) {
                try await store.database.run { client in
                    for try await row in try await client.query(
                        "SELECT booked, wait_s FROM book_send(\(chat), 10, 2, 10, 3)"
                    ).decode((Bool, Double).self) {
                        return row
                    }
                    return (false, -1)
                }
            }
            // A chat's burst (2) is shared: the third booking for chat 1, on either replica, waits.
            #expect(try await book(a, chat: 1).wait < 1)
            #expect(try await book(b, chat: 1).wait < 1)
            let third = try await book(a, chat: 1)
            #expect(third.booked == false && third.wait > 5)
            // The bot's burst (3) is shared too: the fourth message overall waits its turn.
            #expect(try await book(b, chat: 2).wait < 1)
            let fourth = try await book(a, chat: 3)
            #expect(fourth.booked && fourth.wait > 5)
            // A retry_after told to b holds the chat on a.
            await b.sendLimiter(policy: policy).hold(chatID: 4, for: .seconds(60))
            let held = try await book(a, chat: 4)
            #expect(held.booked == false && held.wait > 55)
            // … and, since a replica cannot tell which limit it hit, every other chat too.
            let other = try await book(a, chat: 5)
            #expect(other.booked && other.wait > 55, "\(other)")
        }
    }
}

/// A worker that meets a database error retries while the lease is surely its own, then
/// abandons the chat: its lease is no longer renewed, so another replica takes the chat
/// over — where before the lease was renewed for ever on a chat nobody worked.
@Suite(.timeLimit(.minutes(2))) struct AbandonedChatTests {
    @Test func aChatWhoseWorkFailsIsLeftToLapseAndTakenOver() async throws {
        let url = try await TestPostgres.makeDatabase()
        try await withPostgresStore(owner: "a", leaseSeconds: 2, url: url) { (a) async throws in
            try await withPostgresStore(owner: "b", leaseSeconds: 2, url: url) { (b) async throws in
                let clock = TestClock()
                let chats = LeasedChats(
                    journal: a.journal, leaseSeconds: 2, clock: clock.appClock, logger: Logger(label: "test"))
                let other = try Update(json: Array(messageUpdate(id: 2, chat: 10, text: "/help").utf8))
                _ = await chats.admit(other, payload: nil, inlineReply: .closed)  // a holds chat 10 too
                let update = try Update(json: Array(messageUpdate(id: 1, chat: 9, text: "/help").utf8))
                guard case .queue(let job) = await chats.admit(update, payload: nil, inlineReply: .closed) else {
                    Issue.record("not queued")
                    return
                }
                // The journal's table goes away under the worker: a real error from PostgreSQL.
                _ = try await TestPostgres.psql("ALTER TABLE updates RENAME TO updates_away", url: url)
                let progress = Progress()
                Task {
                    await chats.work(job) { _, _ in progress.answered() }
                    progress.finish()
                }
                // Its retries wait on the test clock: moved whenever one waits.
                while !progress.isFinished {
                    if clock.sleeperCount > 0 { clock.advance(by: .seconds(2)) } else { await Task.yield() }
                }
                #expect(progress.answers == 1, "answered once, never again on a retry")
                #expect(chats.abandonedChats == [9])
                _ = try await TestPostgres.psql("ALTER TABLE updates_away RENAME TO updates", url: url)
                // Both leases a second from lapsing; the renewal extends chat 10's only.
                _ = try await TestPostgres.psql(
                    "UPDATE chat_leases SET expires_at = now() + interval '1 second'", url: url)
                try await a.journal.renewLeases(except: chats.abandonedChats)
                let renewed = try await TestPostgres.psql(
                    "SELECT chat_id FROM chat_leases WHERE expires_at > now() + interval '1.5 seconds'", url: url)
                #expect(renewed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.contains("10"))
                #expect(!renewed.contains("9"), "\(renewed)")
                // Its lease lapsed (moved, not waited for): the other replica takes it over.
                _ = try await TestPostgres.psql(
                    "UPDATE chat_leases SET expires_at = now() - interval '1 second' WHERE chat_id = 9", url: url)
                #expect(try await b.journal.adoptOrphans(limit: 10) == [9])
            }
        }
    }

    final class Progress: Sendable {
        private let state = Mutex((answers: 0, finished: false))
        func answered() { state.withLock { $0.answers += 1 } }
        func finish() { state.withLock { $0.finished = true } }
        var answers: Int { state.withLock { $0.answers } }
        var isFinished: Bool { state.withLock { $0.finished } }
    }
}
