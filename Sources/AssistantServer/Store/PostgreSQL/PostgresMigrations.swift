import Logging
import PostgresNIO

/// The PostgreSQL schema, version by version. `apply` runs in one transaction under a
/// transaction-level advisory lock, so replicas starting at once take turns: the first
/// makes the schema, the others find it made. A step's statements run one by one (the
/// extended protocol takes one statement per query).
struct PostgresMigrations: Sendable {
    /// Any constant shared by every replica; "crypto-as" in ASCII.
    static let lockKey: Int64 = 0x6372_7970_746f_2d61

    let logger: Logger

    static let steps: [[String]] = [
        [
            """
            CREATE TABLE updates (update_id bigint PRIMARY KEY, chat_id bigint NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(), done boolean NOT NULL DEFAULT false, payload bytea)
            """,
            // A chat's unanswered updates in order: the head of a chat, orphans.
            "CREATE INDEX updates_pending ON updates (chat_id, update_id) WHERE NOT done",
            "CREATE INDEX updates_done_received ON updates (received_at) WHERE done",
            // Which replica works a chat; `wanted`: another replica journaled an update for it meanwhile.
            """
            CREATE TABLE chat_leases (chat_id bigint PRIMARY KEY, owner text NOT NULL,
                expires_at timestamptz NOT NULL, wanted boolean NOT NULL DEFAULT false)
            """,
            "CREATE INDEX chat_leases_owner ON chat_leases (owner)",
            """
            CREATE TABLE chat_settings (chat_id bigint PRIMARY KEY, exchange text,
                updated_at timestamptz NOT NULL DEFAULT now())
            """,
            // Equity as decimal text: exact, as in the SQLite store.
            """
            CREATE TABLE equity_snapshots (day text NOT NULL, exchange text NOT NULL, equity text NOT NULL,
                PRIMARY KEY (day, exchange))
            """,
            """
            CREATE TABLE chat_records (id bigserial PRIMARY KEY, kind text NOT NULL, chat_id bigint NOT NULL,
                created_at bigint NOT NULL, payload bytea NOT NULL)
            """,
            "CREATE INDEX chat_records_kind_chat ON chat_records (kind, chat_id)",
            // Telegram's send limits for the bot as a whole: a theoretical arrival time (epoch
            // seconds) per chat, and one row for the bot (key 0).
            "CREATE TABLE send_schedule (key bigint PRIMARY KEY, tat double precision NOT NULL)",
            PostgresSendLimiter.bookFunction,
        ],
        [
            // The leader of each role says it is alive; a standby ends the backend of a
            // leader whose word has run out (a stopped process keeps its lock otherwise).
            """
            CREATE TABLE leader_heartbeats (role text PRIMARY KEY, owner text NOT NULL, pid integer NOT NULL,
                expires_at timestamptz NOT NULL)
            """
        ],
        // `/settings language`: null is `auto`.
        ["ALTER TABLE chat_settings ADD COLUMN language text"],
        [
            // Fencing: every take of a chat's lease or of a role's leadership draws a new
            // epoch, and a send is booked only under the current one (`book_send`).
            "CREATE SEQUENCE fence_epochs",
            "ALTER TABLE chat_leases ADD COLUMN epoch bigint NOT NULL DEFAULT nextval('fence_epochs')",
            "ALTER TABLE leader_heartbeats ADD COLUMN epoch bigint NOT NULL DEFAULT nextval('fence_epochs')",
            // An outbox row being sent: by which leader's epoch, since when.
            "ALTER TABLE chat_records ADD COLUMN claimed_epoch bigint, ADD COLUMN claimed_at timestamptz",
            // Chats Telegram answered 429 for, until when: a second chat refused meanwhile
            // means the bot's own limit.
            "CREATE TABLE send_refusals (chat_id bigint PRIMARY KEY, until timestamptz NOT NULL)",
            "DROP FUNCTION book_send(bigint, double precision, integer, double precision, integer)",
            PostgresSendLimiter.fencedBookFunction,
        ],
    ]

    /// Brings the schema to the last version; returns it.
    func apply(on client: PostgresClient) async throws -> Int {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger).consume()
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)", logger: logger
            ).consume()
            var version = 0
            for try await value in try await connection.query("SELECT version FROM schema_version", logger: logger)
                .decode(Int.self)
            {
                version = value
            }
            guard version < Self.steps.count else { return version }
            for step in Self.steps[version...] {
                for statement in step {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).consume()
                }
            }
            try await connection.query("DELETE FROM schema_version", logger: logger).consume()
            try await connection.query(
                "INSERT INTO schema_version (version) VALUES (\(Self.steps.count))", logger: logger
            ).consume()
            return Self.steps.count
        }
    }
}
