import NIOCore
import PostgresNIO

/// The journal's statements on the path of every update, prepared once per connection:
/// PostgreSQL parses and plans each once instead of on every call, and each call is one
/// Bind/Execute instead of Parse/Describe/Bind/Execute. Each has a fixed `name`: the
/// protocol's default, `String(reflecting:)`, is computed on every call.
enum JournalStatement {
    /// Journals an update and leases its chat (see `PostgresUpdateJournal.begin`).
    struct Begin: PostgresPreparedStatement {
        static let name = "journal_begin"
        /// (inserted, lease holder, wanted, the lease's epoch, earlier unanswered updates, the
        /// chat's exchange and language)
        typealias Row = (Int64, String?, Bool?, Int64?, Int64, String?, String?)

        // A lease held (live) by anyone, this replica included, is marked wanted; a free or
        // lapsed one is taken. The SELECTs see the tables as they were before this
        // statement: the chat's earlier unanswered updates, its settings as last committed.
        // A lapsed lease taken by another replica gets the new row's epoch (drawn by the
        // column's default); its holder keeps its own.
        static let sql = """
            WITH inserted AS (
                INSERT INTO updates (update_id, chat_id, payload) VALUES ($1, $2, $3)
                ON CONFLICT (update_id) DO NOTHING RETURNING chat_id
            ), lease AS (
                INSERT INTO chat_leases AS l (chat_id, owner, expires_at, wanted)
                SELECT chat_id, $4, now() + make_interval(secs => $5), false FROM inserted
                ON CONFLICT (chat_id) DO UPDATE SET
                    owner = CASE WHEN l.expires_at <= now() THEN excluded.owner ELSE l.owner END,
                    expires_at = CASE WHEN l.expires_at <= now() THEN excluded.expires_at ELSE l.expires_at END,
                    wanted = l.expires_at > now(),
                    epoch = CASE WHEN l.expires_at <= now() AND l.owner <> excluded.owner
                        THEN excluded.epoch ELSE l.epoch END
                RETURNING owner, wanted, epoch
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT owner FROM lease), (SELECT wanted FROM lease),
                (SELECT epoch FROM lease),
                (SELECT count(*) FROM updates WHERE chat_id = $2 AND NOT done AND update_id < $1),
                s.exchange, s.language
            FROM (VALUES (1)) AS one LEFT JOIN chat_settings s ON s.chat_id = $2
            """

        var updateID: Int64
        var chatID: Int64
        var payload: ByteBuffer
        var owner: String
        var leaseSeconds: Double

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 5)
            bindings.append(updateID)
            bindings.append(chatID)
            bindings.append(payload)
            bindings.append(owner)
            bindings.append(leaseSeconds)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Marks an update answered, then finds the chat's next one or, when there is none and
    /// no other replica journaled one meanwhile, deletes the lease — one transaction, so a
    /// newcomer either sees the lease gone (and takes it) or marked it wanted first (and the
    /// DELETE, re-reading the row it waited for, keeps it). Held means held under the
    /// worker's epoch: a worker whose lease was taken over and taken back since is not it.
    struct Complete: PostgresPreparedStatement {
        static let name = "journal_complete"
        /// (this replica holds the chat, the lease was deleted, next update id, its payload)
        typealias Row = (Bool, Bool, Int64?, ByteBuffer?)

        static let sql = """
            WITH answered AS (
                UPDATE updates SET done = true, payload = NULL WHERE update_id = $1
            ), held AS (
                SELECT 1 FROM chat_leases WHERE chat_id = $2 AND owner = $3 AND epoch = $4
            ), following AS (
                SELECT update_id, payload FROM updates
                WHERE chat_id = $2 AND NOT done AND update_id <> $1
                ORDER BY update_id LIMIT 1
            ), released AS (
                DELETE FROM chat_leases WHERE chat_id = $2 AND owner = $3 AND epoch = $4 AND NOT wanted
                    AND NOT EXISTS (SELECT 1 FROM following)
                RETURNING chat_id
            )
            SELECT EXISTS (SELECT 1 FROM held), EXISTS (SELECT 1 FROM released), f.update_id, f.payload
            FROM (VALUES (1)) AS one LEFT JOIN following f ON true
            """

        var updateID: Int64
        var chatID: Int64
        var owner: String
        var epoch: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(updateID)
            bindings.append(chatID)
            bindings.append(owner)
            bindings.append(epoch)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Leases the chat, or marks it wanted by its live holder; returns the holder and the
    /// lease's epoch (kept when this replica held it already, new when it takes it).
    struct Acquire: PostgresPreparedStatement {
        static let name = "journal_acquire"
        typealias Row = (String, Int64)

        static let sql = """
            INSERT INTO chat_leases AS l (chat_id, owner, expires_at, wanted)
            VALUES ($1, $2, now() + make_interval(secs => $3), false)
            ON CONFLICT (chat_id) DO UPDATE SET
                owner = CASE WHEN l.owner = excluded.owner OR l.expires_at <= now()
                    THEN excluded.owner ELSE l.owner END,
                expires_at = CASE WHEN l.owner = excluded.owner OR l.expires_at <= now()
                    THEN excluded.expires_at ELSE l.expires_at END,
                wanted = NOT (l.owner = excluded.owner OR l.expires_at <= now()),
                epoch = CASE WHEN l.owner <> excluded.owner AND l.expires_at <= now()
                    THEN excluded.epoch ELSE l.epoch END
            RETURNING owner, epoch
            """

        var chatID: Int64
        var owner: String
        var leaseSeconds: Double

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(chatID)
            bindings.append(owner)
            bindings.append(leaseSeconds)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The chat's first unanswered update.
    struct Head: PostgresPreparedStatement {
        static let name = "journal_head"
        typealias Row = (Int64, ByteBuffer?)

        static let sql = """
            SELECT update_id, payload FROM updates WHERE chat_id = $1 AND NOT done
            ORDER BY update_id LIMIT 1
            """

        var chatID: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(chatID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Deletes the lease unless it is wanted; returns how many rows went (0 or 1).
    struct Release: PostgresPreparedStatement {
        static let name = "journal_release"
        typealias Row = Int64

        static let sql = """
            WITH released AS (
                DELETE FROM chat_leases WHERE chat_id = $1 AND owner = $2 AND epoch = $3 AND NOT wanted
                RETURNING chat_id
            )
            SELECT count(*) FROM released
            """

        var chatID: Int64
        var owner: String
        var epoch: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(chatID)
            bindings.append(owner)
            bindings.append(epoch)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }
}
