import AssistantCore
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

    init(database: PostgresDatabase, owner: String, leaseSeconds: Int) {
        self.database = database
        self.owner = owner
        self.leaseSeconds = Double(leaseSeconds)
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
        let payload = ByteBuffer(bytes: payload)
        let (owner, lease) = (owner, leaseSeconds)
        return try await database.run { client in
            // A lease held (live) by anyone, this replica included, is marked wanted; a free
            // or lapsed one is taken. The last column sees the table as it was before this
            // statement: the chat's earlier unanswered updates.
            let rows = try await client.query(
                """
                WITH inserted AS (
                    INSERT INTO updates (update_id, chat_id, payload) VALUES (\(updateID), \(chatID), \(payload))
                    ON CONFLICT (update_id) DO NOTHING RETURNING chat_id
                ), lease AS (
                    INSERT INTO chat_leases AS l (chat_id, owner, expires_at, wanted)
                    SELECT chat_id, \(owner), now() + make_interval(secs => \(lease)), false FROM inserted
                    ON CONFLICT (chat_id) DO UPDATE SET
                        owner = CASE WHEN l.expires_at <= now() THEN excluded.owner ELSE l.owner END,
                        expires_at = CASE WHEN l.expires_at <= now() THEN excluded.expires_at ELSE l.expires_at END,
                        wanted = l.expires_at > now()
                    RETURNING owner, wanted
                )
                SELECT (SELECT count(*) FROM inserted), (SELECT owner FROM lease), (SELECT wanted FROM lease),
                    (SELECT count(*) FROM updates WHERE chat_id = \(chatID) AND NOT done AND update_id < \(updateID))
                """
            ).decode((Int64, String?, Bool?, Int64).self)
            for try await (inserted, holder, wanted, earlier) in rows {
                guard inserted > 0 else { return .duplicate }
                guard holder == owner else { return .heldElsewhere }
                return wanted == true ? .heldHere : .leased(firstInLine: earlier == 0)
            }
            return .duplicate
        }
    }

    public func acquire(chatID: Int64) async throws -> Bool {
        let (owner, lease) = (owner, leaseSeconds)
        return try await database.run { client in
            let rows = try await client.query(
                """
                INSERT INTO chat_leases AS l (chat_id, owner, expires_at, wanted)
                VALUES (\(chatID), \(owner), now() + make_interval(secs => \(lease)), false)
                ON CONFLICT (chat_id) DO UPDATE SET
                    owner = CASE WHEN l.owner = excluded.owner OR l.expires_at <= now()
                        THEN excluded.owner ELSE l.owner END,
                    expires_at = CASE WHEN l.owner = excluded.owner OR l.expires_at <= now()
                        THEN excluded.expires_at ELSE l.expires_at END,
                    wanted = NOT (l.owner = excluded.owner OR l.expires_at <= now())
                RETURNING owner
                """
            ).decode(String.self)
            for try await holder in rows { return holder == owner }
            return false
        }
    }

    public func head(chatID: Int64) async throws -> JournaledUpdate? {
        try await database.run { client in
            try await Self.first(
                client.query(
                    """
                    SELECT update_id, payload FROM updates WHERE chat_id = \(chatID) AND NOT done
                    ORDER BY update_id LIMIT 1
                    """))
        }
    }

    public func complete(updateID: Int64, chatID: Int64) async throws -> JournaledUpdate? {
        try await database.run { client in
            // The SELECT sees the table as it was when the statement began (without this
            // UPDATE), hence the explicit exclusion.
            try await Self.first(
                client.query(
                    """
                    WITH answered AS (UPDATE updates SET done = true, payload = NULL WHERE update_id = \(updateID))
                    SELECT update_id, payload FROM updates
                    WHERE chat_id = \(chatID) AND NOT done AND update_id <> \(updateID)
                    ORDER BY update_id LIMIT 1
                    """))
        }
    }

    public func release(chatID: Int64) async throws -> Bool {
        let owner = owner
        return try await database.run { client in
            let rows = try await client.query(
                """
                WITH released AS (
                    DELETE FROM chat_leases WHERE chat_id = \(chatID) AND owner = \(owner) AND NOT wanted
                    RETURNING chat_id
                )
                SELECT count(*) FROM released
                """
            ).decode(Int64.self)
            for try await count in rows { return count > 0 }
            return false
        }
    }

    public func renewLeases() async throws {
        let (owner, lease) = (owner, leaseSeconds)
        try await database.run { client in
            try await client.query(
                """
                UPDATE chat_leases SET expires_at = now() + make_interval(secs => \(lease))
                WHERE owner = \(owner)
                """
            ).consume()
        }
    }

    public func adoptOrphans(limit: Int) async throws -> [Int64] {
        let (owner, lease) = (owner, leaseSeconds)
        return try await database.run { client in
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
                    wanted = false
                WHERE l.expires_at <= now()
                RETURNING chat_id
                """
            ).decode(Int64.self) {
                chats.append(chat)
            }
            return chats
        }
    }

    public func releaseAll() async throws {
        let owner = owner
        try await database.run { client in
            try await client.query("DELETE FROM chat_leases WHERE owner = \(owner)").consume()
        }
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
                result.append(JournaledUpdate(updateID: id, payload: payload.map { Array($0.readableBytesView) } ?? []))
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

    private static func first(_ rows: PostgresRowSequence) async throws -> JournaledUpdate? {
        for try await (id, payload) in rows.decode((Int64, ByteBuffer?).self) {
            return JournaledUpdate(updateID: id, payload: payload.map { Array($0.readableBytesView) } ?? [])
        }
        return nil
    }
}
