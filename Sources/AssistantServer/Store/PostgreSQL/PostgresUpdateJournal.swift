import AssistantCore
import MarketEngine
import NIOCore
import PostgresNIO

/// The update journal in the `updates` table, shared by every replica, with the chat leases
/// in `chat_leases` (`SharedUpdateJournal` says what they promise; ARCHITECTURE.md why
/// they hold).
///
/// Each call is one statement in its own transaction, and the order of those matters:
/// `begin` commits the update and the "wanted" mark together, and `release` deletes the
/// lease only when it is not wanted — so a holder letting go either sees the mark (and works
/// on) or lets go before the mark is made (and the newcomer takes the lease itself).
public final class PostgresUpdateJournal: SharedUpdateJournal {
    let database: PostgresDatabase
    /// This process's name in `chat_leases.owner`: the instance name and a random suffix, so
    /// a restarted replica never mistakes its predecessor's leases for its own.
    public let owner: String
    let leaseSeconds: Double
    /// The chats held here, kept as the leases are taken and let go.
    let held: HeldChats

    init(database: PostgresDatabase, owner: String, leaseSeconds: Int, held: HeldChats) {
        self.database = database
        self.owner = owner
        self.leaseSeconds = Double(leaseSeconds)
        self.held = held
    }

    public func begin(updateID: Int64, payload: [UInt8]) async throws -> Bool {
        let payload = ByteBuffer(bytes: payload)
        return try await database.run { client in
            try await client.query(
                """
                INSERT INTO updates (update_id, chat_id, payload) VALUES (\(updateID), \(updateID), \(payload))
                ON CONFLICT (update_id) DO NOTHING RETURNING update_id
                """
            ).decode(Int64.self).reduce(false) { _, _ in true }
        }
    }

    public func begin(updateID: Int64, chatID: Int64, payload: [UInt8]) async throws -> SharedAdmission {
        let statement = JournalStatement.Begin(
            updateID: updateID, chatID: chatID, payload: ByteBuffer(bytes: payload), owner: owner,
            leaseSeconds: leaseSeconds)
        guard let row = try await database.first(statement) else { return .duplicate }
        let (inserted, holder, wanted, epoch, earlier, exchange, language) = row
        guard inserted > 0 else { return .duplicate }
        guard holder == owner, let epoch else {
            held.letGo(chatID)
            return .heldElsewhere
        }
        if wanted == true { return .heldHere }
        // A new hold. First in line, nothing of the chat is unanswered: the settings read in
        // the same statement are the ones this update must see.
        let first = earlier == 0
        held.hold(
            chatID, preferences: first ? ChatPreferences(exchangeColumn: exchange, languageColumn: language) : nil)
        return .leased(firstInLine: first, epoch: epoch)
    }

    public func acquire(chatID: Int64) async throws -> Int64? {
        let lease = try await database.first(
            JournalStatement.Acquire(chatID: chatID, owner: owner, leaseSeconds: leaseSeconds))
        guard let lease, lease.0 == owner else { return nil }
        held.hold(chatID)
        return lease.1
    }

    public func head(chatID: Int64) async throws -> JournaledUpdate? {
        try await database.first(JournalStatement.Head(chatID: chatID)).map(Self.entry)
    }

    public func complete(updateID: Int64, chatID: Int64, epoch: Int64) async throws -> ChatProgress {
        let row = try await database.first(
            JournalStatement.Complete(updateID: updateID, chatID: chatID, owner: owner, epoch: epoch))
        guard let row, row.0 else {
            held.letGo(chatID)
            return .lost
        }
        let (_, released, next, payload) = row
        if let next { return .next(Self.entry((next, payload))) }
        if released {
            held.letGo(chatID)
            return .released
        }
        return .wanted
    }

    public func release(chatID: Int64, epoch: Int64) async throws -> Bool {
        guard try await database.first(JournalStatement.Release(chatID: chatID, owner: owner, epoch: epoch)) ?? 0 > 0
        else {
            return false
        }
        held.letGo(chatID)
        return true
    }

    public func renewLeases(except abandoned: Set<Int64>) async throws {
        let (owner, lease, abandoned) = (owner, leaseSeconds, Array(abandoned))
        try await database.run { client in
            try await client.query(
                """
                UPDATE chat_leases SET expires_at = now() + make_interval(secs => \(lease))
                WHERE owner = \(owner) AND expires_at > now() AND chat_id <> ALL(\(abandoned))
                """
            ).consume()
        }
    }

    public func adoptOrphans(limit: Int) async throws -> [Int64] {
        let (owner, lease) = (owner, leaseSeconds)
        let adopted = try await database.run { client in
            var chats: [Int64] = []
            // ON CONFLICT … WHERE takes a lapsed lease only: of replicas adopting at once,
            // one gets each chat.
            for try await chat in try await client.query(
                """
                WITH orphans AS (
                    SELECT DISTINCT u.chat_id FROM updates u
                    WHERE NOT u.done AND NOT EXISTS (
                        SELECT 1 FROM chat_leases l WHERE l.chat_id = u.chat_id AND l.expires_at > now())
                    LIMIT \(limit)
                )
                INSERT INTO chat_leases AS l (chat_id, owner, expires_at, wanted)
                SELECT chat_id, \(owner), now() + make_interval(secs => \(lease)), false FROM orphans
                ON CONFLICT (chat_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
                    wanted = false, epoch = excluded.epoch
                WHERE l.expires_at <= now()
                RETURNING chat_id
                """
            ).decode(Int64.self) {
                chats.append(chat)
            }
            return chats
        }
        for chat in adopted { held.hold(chat) }
        return adopted
    }

    public func releaseAll() async throws {
        let owner = owner
        try await database.run { client in
            try await client.query("DELETE FROM chat_leases WHERE owner = \(owner)").consume()
        }
        held.letGoAll()
    }

    public func complete(updateID: Int64) async throws {
        try await database.run { client in
            try await client.query("UPDATE updates SET done = true, payload = NULL WHERE update_id = \(updateID)")
                .consume()
        }
    }

    public func pending() async throws -> [JournaledUpdate] {
        try await database.run { client in
            var result: [JournaledUpdate] = []
            for try await (id, payload) in try await client.query(
                "SELECT update_id, payload FROM updates WHERE NOT done ORDER BY update_id"
            ).decode((Int64, ByteBuffer?).self) {
                result.append(Self.entry((id, payload)))
            }
            return result
        }
    }

    @discardableResult
    public func prune(olderThan age: Int64) async throws -> Int {
        try await database.run { client in
            var count = 0
            for try await n in try await client.query(
                """
                WITH pruned AS (
                    DELETE FROM updates WHERE done AND received_at < now() - make_interval(secs => \(Double(age)))
                    RETURNING 1
                )
                SELECT count(*) FROM pruned
                """
            ).decode(Int64.self) {
                count = Int(n)
            }
            return count
        }
    }

    public func isDone(updateID: Int64) async throws -> Bool? {
        try await database.run { client in
            for try await done in try await client.query("SELECT done FROM updates WHERE update_id = \(updateID)")
                .decode(Bool.self)
            {
                return done
            }
            return nil
        }
    }

    private static func entry(_ row: (Int64, ByteBuffer?)) -> JournaledUpdate {
        JournaledUpdate(updateID: row.0, payload: row.1.map { Array($0.readableBytesView) } ?? [])
    }
}
