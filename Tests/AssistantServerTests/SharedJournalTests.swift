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
            let first = try await a.journal.begin(updateID: 1, chatID: 7, payload: [1])
            #expect(first.firstInLine == true)
            let epoch = try #require(first.epoch)
            #expect(try await b.journal.begin(updateID: 2, chatID: 7, payload: [2]) == .heldElsewhere)
            #expect(try await b.journal.begin(updateID: 1, chatID: 7, payload: [1]) == .duplicate)
            #expect(
                try await b.journal.begin(updateID: 3, chatID: 8, payload: [3]).firstInLine == true,
                "another chat is free")
            // This replica's own next update of a chat it holds: the work under way answers it.
            #expect(try await a.journal.begin(updateID: 5, chatID: 7, payload: [5]) == .heldHere)
            // b's begin marked the lease wanted: the holder may not let the chat go yet.
            #expect(try await a.journal.release(chatID: 7, epoch: epoch) == false)
            // The holder works the chat in id order, b's update included, then lets it go.
            #expect(try await a.journal.acquire(chatID: 7) == epoch, "held here: the same epoch")
            #expect(try await a.journal.head(chatID: 7)?.updateID == 1)
            #expect(
                try await a.journal.complete(updateID: 1, chatID: 7, epoch: epoch)
                    == .next(JournaledUpdate(updateID: 2, payload: [2])))
            #expect(
                try await a.journal.complete(updateID: 2, chatID: 7, epoch: epoch)
                    == .next(JournaledUpdate(updateID: 5, payload: [5])))
            #expect(
                try await a.journal.complete(updateID: 5, chatID: 7, epoch: epoch) == .released, "nothing left: let go")
            let taken = try await b.journal.begin(updateID: 6, chatID: 7, payload: [6])
            #expect(taken.firstInLine == true, "released: free")
            #expect(try #require(taken.epoch) > epoch, "a new holder, a new epoch")
            #expect(try await a.journal.acquire(chatID: 7) == nil)
        }
    }

    @Test func completeLetsTheChatGoOnlyWhenNothingArrivedForItAndItIsStillHeldHere() async throws {
        try await withReplicas { (a, b) async throws in
            let epoch = try #require(try await a.journal.begin(updateID: 1, chatID: 7, payload: [1]).epoch)
            #expect(try await b.journal.begin(updateID: 2, chatID: 7, payload: [2]) == .heldElsewhere)
            #expect(
                try await a.journal.complete(updateID: 1, chatID: 7, epoch: epoch)
                    == .next(JournaledUpdate(updateID: 2, payload: [2])))
            // b's mark stands until the holder acquires again: it may not let go yet.
            #expect(try await a.journal.complete(updateID: 2, chatID: 7, epoch: epoch) == .wanted)
            #expect(try await a.journal.acquire(chatID: 7) == epoch)
            #expect(try await a.journal.head(chatID: 7) == nil)
            #expect(try await a.journal.release(chatID: 7, epoch: epoch))
            // A lease that lapsed and was adopted by b: a's answer is recorded, the chat is b's.
            let first = try #require(try await a.journal.begin(updateID: 3, chatID: 8, payload: [3]).epoch)
            #expect(try await a.journal.begin(updateID: 4, chatID: 8, payload: [4]) == .heldHere)
            try await expireLeases(a)
            #expect(try await b.journal.adoptOrphans(limit: 10) == [8])
            #expect(try await a.journal.complete(updateID: 3, chatID: 8, epoch: first) == .lost)
            #expect(try await a.journal.isDone(updateID: 3) == true)
            let adopted = try #require(try await b.journal.acquire(chatID: 8))
            #expect(adopted > first, "taken over: a new epoch")
            #expect(try await b.journal.head(chatID: 8)?.updateID == 4)
            // Retried after a lost answer, the call that had let the chat go finds it gone.
            #expect(try await b.journal.complete(updateID: 4, chatID: 8, epoch: adopted) == .released)
            #expect(try await b.journal.complete(updateID: 4, chatID: 8, epoch: adopted) == .lost)
        }
    }

    /// The holder's lease lapsed and nobody took it: it is not renewed (it is an orphan
    /// now), and a replica that takes it works under a new epoch — a holder that takes back
    /// its own keeps its epoch.
    @Test func aLapsedLeaseIsNotRenewedAndItsTakerGetsANewEpoch() async throws {
        try await withReplicas { (a, b) async throws in
            let epoch = try #require(try await a.journal.begin(updateID: 1, chatID: 7, payload: [1]).epoch)
            try await expireLeases(a)
            try await a.journal.renewLeases(except: [])
            #expect(try await b.journal.adoptOrphans(limit: 10) == [7], "lapsed: not renewed")
            let taken = try #require(try await b.journal.acquire(chatID: 7))
            #expect(taken != epoch)
            #expect(try await a.journal.complete(updateID: 1, chatID: 7, epoch: epoch) == .lost)
            #expect(try await a.journal.release(chatID: 7, epoch: epoch) == false)
            #expect(try await b.journal.acquire(chatID: 7) == taken)
        }
    }

    @Test func aChatsSettingsAreReadWithItsLeaseAndKeptOnlyWhileItIsHeld() async throws {
        try await withReplicas { (a, b) async throws in
            try await b.preferences.setPreferences(ChatPreferences(exchange: .okx), for: 7)
            #expect(try await a.journal.begin(updateID: 1, chatID: 7, payload: [1]).firstInLine == true)
            // Changed behind the holder's back (no replica does this): the copy shows it is used.
            try await setExchange("bybit", chat: 7, in: a)
            #expect(try await a.preferences.preferences(for: 7).exchange == .okx, "read with the lease")
            try await a.preferences.setPreferences(ChatPreferences(exchange: .binance), for: 7)
            #expect(try await a.preferences.preferences(for: 7).exchange == .binance, "written through")
            #expect(
                try await a.journal.complete(updateID: 1, chatID: 7, epoch: try await epoch(of: 7, in: a)) == .released)
            try await setExchange("bybit", chat: 7, in: a)
            #expect(try await a.preferences.preferences(for: 7).exchange == .bybit, "let go: read again")
            // Not first in line: the settings are read when the update is worked, not with the lease.
            try await a.journal.releaseAll()
            #expect(try await b.journal.begin(updateID: 2, chatID: 9, payload: [2]).firstInLine == true)
            try await expireLeases(a)
            #expect(try await a.journal.begin(updateID: 3, chatID: 9, payload: [3]).firstInLine == false)
            try await setExchange("okx", chat: 9, in: a)
            #expect(try await a.preferences.preferences(for: 9).exchange == .okx)
        }
    }

    /// The epoch of the chat's lease, as the table has it.
    func epoch(of chat: Int64, in store: PostgresStore) async throws -> Int64 {
        try await store.database.run { client in
            for try await epoch in try await client.query("SELECT epoch FROM chat_leases WHERE chat_id = \(chat)")
                .decode(Int64.self)
            {
                return epoch
            }
            return -1
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
                #expect(id <= 5 ? admission.firstInLine == true : admission == .heldHere)
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
            #expect(try await a.journal.begin(updateID: 1, chatID: 9, payload: [1]).firstInLine == true)
            try await a.journal.releaseAll()
            // Taken again after the lapse: not first in line, an earlier update waits.
            #expect(try await a.journal.begin(updateID: 2, chatID: 9, payload: [2]).firstInLine == false)
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

    /// One call of `book_send`, as `PostgresSendLimiter` makes it: `lease` or `leader` fence
    /// the booking; `row` is the outbox row a leader claims.
    func book(
        _ store: PostgresStore, chat: Int64, limits: (Double, Int32, Double, Int32) = (10, 2, 10, 3),
        lease: (chat: Int64, epoch: Int64)? = nil, leader: (role: LeaderRole, epoch: Int64)? = nil,
        row: Int64? = nil, grace: Double = 60, margin: Double = 0
    ) async throws -> (booked: Bool, wait: Double, fenced: Bool) {
        try await store.database.first(
            PostgresSendLimiter.Book(
                chatID: chat, chatInterval: limits.0, chatBurst: limits.1, globalInterval: limits.2,
                globalBurst: limits.3, leaseChat: lease?.chat, leaseEpoch: lease?.epoch,
                leaderRole: leader?.role.rawValue, leaderEpoch: leader?.epoch, outboxRow: row, claimGrace: grace,
                margin: margin)) ?? (false, -1, true)
    }

    func sql(_ statement: String, in store: PostgresStore) async throws {
        try await store.database.run { client in try await client.query(PostgresQuery(unsafeSQL: statement)).consume() }
    }

    @Test func sendLimitsAreBookedForTheBotAsAWholeAndARetryAfterHoldsTheChatOrTheBot() async throws {
        try await withReplicas { (a, b) async throws in
            let policy = PacingPolicy(
                chatInterval: .seconds(10), chatBurst: 2, groupInterval: .seconds(10), groupBurst: 2,
                globalInterval: .seconds(10), globalBurst: 3)
            // A chat's burst (2) is shared: the third booking for chat 1, on either replica, waits.
            #expect(try await book(a, chat: 1).wait < 1)
            #expect(try await book(b, chat: 1).wait < 1)
            let third = try await book(a, chat: 1)
            #expect(third.booked == false && third.wait > 5)
            // The bot's burst (3) is shared too: the fourth message overall waits its turn.
            #expect(try await book(b, chat: 2).wait < 1)
            let fourth = try await book(a, chat: 3)
            #expect(fourth.booked && fourth.wait > 5)
            try await sql("DELETE FROM send_schedule", in: a)
            // A retry_after told to b holds the chat on a …
            #expect(await b.sendLimiter(policy: policy).hold(chatID: 4, for: .seconds(60)) == false)
            let held = try await book(a, chat: 4)
            #expect(held.booked == false && held.wait > 55)
            // … and only the chat: a 429 does not say which limit was hit.
            let other = try await book(a, chat: 5)
            #expect(other.booked && other.wait < 1, "\(other)")
            // A second chat refused while the first is held: the bot's limit, held on every
            // replica for what Telegram said.
            #expect(await a.sendLimiter(policy: policy).hold(chatID: 6, for: .seconds(30)) == true)
            let any = try await book(b, chat: 7)
            #expect(any.booked && any.wait > 25 && any.wait < 31, "\(any)")
        }
    }

    /// The fence in the booking: a send goes only under the current epoch of the chat's
    /// lease or of the role's leadership, and an outbox row is claimed by one leader.
    @Test func aSendIsBookedOnlyUnderTheCurrentEpochOfTheLeaseOrTheLeadership() async throws {
        try await withReplicas { (a, b) async throws in
            let free = (0.001, Int32(100), 0.001, Int32(100))
            let epoch = try #require(try await a.journal.begin(updateID: 1, chatID: 7, payload: [1]).epoch)
            #expect(try await book(a, chat: 7, limits: free, lease: (7, epoch)).booked)
            #expect(try await book(a, chat: 7, limits: free, lease: (7, epoch + 1000)).fenced, "another epoch")
            // The lease lapses: a books nothing under it, and b takes the chat.
            try await expireLeases(a)
            #expect(try await book(a, chat: 7, limits: free, lease: (7, epoch)).fenced, "lapsed")
            #expect(try await b.journal.adoptOrphans(limit: 10) == [7])
            let taken = try #require(try await b.journal.acquire(chatID: 7))
            #expect(try await book(a, chat: 7, limits: free, lease: (7, epoch)).fenced, "taken over")
            #expect(try await book(b, chat: 7, limits: free, lease: (7, taken)).booked)
            // Its turn would come too close to the lease's end: not booked, asked again later.
            let near = try await book(b, chat: 7, limits: free, lease: (7, taken), margin: 3600)
            #expect(near.booked == false && near.fenced == false && near.wait > 0, "asked again later, not at once")
            // A reply to another chat than the leased one is fenced by the leased chat.
            #expect(try await book(b, chat: 8, limits: free, lease: (7, taken)).booked)

            // Leadership: the heartbeat's epoch; the outbox row is claimed by it.
            try await sql(
                """
                INSERT INTO leader_heartbeats (role, owner, pid, expires_at, epoch)
                VALUES ('alerts', 'a', 1, now() + interval '1 minute', 50)
                """, in: a)
            let row = try #require(try await a.firedAlerts.add(chatID: 9, payload: [1], limit: 10)?.id)
            #expect(try await book(a, chat: 9, limits: free, leader: (.alerts, 50), row: row).booked)
            #expect(try await book(b, chat: 9, limits: free, leader: (.alerts, 49), row: row).fenced, "not the leader")
            // b takes over (epoch 51): a's claim stands for the grace — its send may be in flight.
            try await sql("UPDATE leader_heartbeats SET owner = 'b', epoch = 51", in: b)
            #expect(try await book(b, chat: 9, limits: free, leader: (.alerts, 51), row: row, grace: 60).fenced)
            #expect(try await book(b, chat: 9, limits: free, leader: (.alerts, 51), row: row, grace: 0).booked)
            #expect(try await book(a, chat: 9, limits: free, leader: (.alerts, 50), row: row).fenced, "the old leader")
            // Sent and dropped by the new leader: nothing left to claim.
            _ = try await b.firedAlerts.remove(id: row, chatID: 9)
            #expect(try await book(b, chat: 9, limits: free, leader: (.alerts, 51), row: row).fenced)
            // The heartbeat runs out: the leader's epoch books nothing more.
            try await sql("UPDATE leader_heartbeats SET expires_at = now() - interval '1 second'", in: b)
            #expect(try await book(b, chat: 9, limits: free, leader: (.alerts, 51)).fenced)
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

extension SharedAdmission {
    /// Whether `begin` found the update first in line, when it leased the chat.
    var firstInLine: Bool? {
        if case .leased(let first, _) = self { first } else { nil }
    }

    /// The epoch of the lease `begin` took.
    var epoch: Int64? {
        if case .leased(_, let epoch) = self { epoch } else { nil }
    }
}
