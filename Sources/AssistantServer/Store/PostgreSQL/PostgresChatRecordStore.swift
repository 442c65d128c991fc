import AssistantCore
import MarketEngine
import NIOCore
import PostgresNIO

/// Rows keyed by chat in the `chat_records` table, one `kind` per store (alerts).
public final class PostgresChatRecordStore: ChatRecordStore {
    let database: PostgresDatabase
    let kind: String

    init(database: PostgresDatabase, kind: String) {
        self.database = database
        self.kind = kind
    }

    public func add(chatID: Int64, payload: [UInt8], limit: Int) async throws -> ChatRecord? {
        let kind = kind
        let logger = database.logger
        let bytes = ByteBuffer(bytes: payload)
        let now = database.clock.wallSeconds
        return try await database.run { client in
            // Counted and inserted under a lock on the chat's rows of this kind, so
            // concurrent adds (on any replica) cannot pass the limit.
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(hashtextextended(\(kind) || ':' || \(chatID), 0))", logger: logger
                ).consume()
                var count: Int64 = 0
                for try await n in try await connection.query(
                    "SELECT count(*) FROM chat_records WHERE kind = \(kind) AND chat_id = \(chatID)", logger: logger
                ).decode(Int64.self) {
                    count = n
                }
                guard count < limit else { return nil }
                for try await id in try await connection.query(
                    """
                    INSERT INTO chat_records (kind, chat_id, created_at, payload)
                    VALUES (\(kind), \(chatID), \(now), \(bytes)) RETURNING id
                    """, logger: logger
                ).decode(Int64.self) {
                    return ChatRecord(id: id, chatID: chatID, createdAt: now, payload: payload)
                }
                return nil
            }
        }
    }

    public func records(chatID: Int64) async throws -> [ChatRecord] {
        let kind = kind
        return try await select {
            try await $0.query(
                "SELECT id, chat_id, created_at, payload FROM chat_records WHERE kind = \(kind) AND chat_id = \(chatID) ORDER BY id"
            )
        }
    }

    public func allRecords() async throws -> [ChatRecord] {
        let kind = kind
        return try await select {
            try await $0.query(
                "SELECT id, chat_id, created_at, payload FROM chat_records WHERE kind = \(kind) ORDER BY id")
        }
    }

    public func remove(id: Int64, chatID: Int64?) async throws -> Bool {
        let kind = kind
        return try await database.run { client in
            let rows =
                if let chatID {
                    try await client.query(
                        "DELETE FROM chat_records WHERE id = \(id) AND kind = \(kind) AND chat_id = \(chatID) RETURNING id"
                    )
                } else {
                    try await client.query("DELETE FROM chat_records WHERE id = \(id) AND kind = \(kind) RETURNING id")
                }
            var removed = false
            for try await _ in rows.decode(Int64.self) { removed = true }
            return removed
        }
    }

    public func modify(id: Int64, chatID: Int64, _ change: @escaping @Sendable ([UInt8]) -> [UInt8]?)
        async throws -> Bool
    {
        let kind = kind
        let logger = database.logger
        return try await database.run { client in
            // The row lock (FOR UPDATE) is held from the read to the commit, so a racing caller
            // (on any replica) waits for it and then, at read committed, reads what this one wrote.
            try await client.withTransaction(logger: logger) { connection in
                var found: [UInt8]?
                for try await bytes in try await connection.query(
                    """
                    SELECT payload FROM chat_records WHERE id = \(id) AND kind = \(kind) AND chat_id = \(chatID)
                    FOR UPDATE
                    """, logger: logger
                ).decode(ByteBuffer.self) {
                    found = Array(bytes.readableBytesView)
                }
                guard let current = found, let changed = change(current) else { return false }
                var updated = false
                for try await _ in try await connection.query(
                    "UPDATE chat_records SET payload = \(ByteBuffer(bytes: changed)) WHERE id = \(id) RETURNING id",
                    logger: logger
                ).decode(Int64.self) {
                    updated = true
                }
                return updated
            }
        }
    }

    @discardableResult
    public func removeAll(chatID: Int64) async throws -> Int {
        let kind = kind
        return try await database.run { client in
            var count = 0
            for try await _ in try await client.query(
                "DELETE FROM chat_records WHERE kind = \(kind) AND chat_id = \(chatID) RETURNING id"
            ).decode(Int64.self) {
                count += 1
            }
            return count
        }
    }

    private func select(_ query: @escaping @Sendable (PostgresClient) async throws -> PostgresRowSequence)
        async throws -> [ChatRecord]
    {
        try await database.run { client in
            var records: [ChatRecord] = []
            for try await (id, chat, created, payload) in try await query(client).decode(
                (Int64, Int64, Int64, ByteBuffer).self)
            {
                records.append(
                    ChatRecord(id: id, chatID: chat, createdAt: created, payload: Array(payload.readableBytesView)))
            }
            return records
        }
    }
}
