import AssistantCore
import MarketEngine

/// Rows keyed by chat in the `chat_records` table, one `kind` per store (alerts).
public final class SQLiteChatRecordStore: ChatRecordStore {
    let database: SQLiteDatabase
    let kind: String

    init(database: SQLiteDatabase, kind: String) {
        self.database = database
        self.kind = kind
    }

    public func add(chatID: Int64, payload: [UInt8], limit: Int) async throws -> ChatRecord? {
        let kind = kind
        let now = database.clock.wallSeconds
        // Counted and inserted in one write transaction, so concurrent adds cannot pass the limit.
        return try await database.write { connection in
            let count =
                try connection.query(
                    "SELECT COUNT(*) FROM chat_records WHERE kind = ? AND chat_id = ?", [.text(kind), .integer(chatID)]
                ) { $0.int64(0) }.first ?? 0
            guard count < limit else { return nil }
            try connection.run(
                "INSERT INTO chat_records (kind, chat_id, created_at, payload) VALUES (?, ?, ?, ?)",
                [.text(kind), .integer(chatID), .integer(now), .blob(payload)])
            return ChatRecord(id: connection.lastInsertRowID, chatID: chatID, createdAt: now, payload: payload)
        }
    }

    public func records(chatID: Int64) async throws -> [ChatRecord] {
        try select("WHERE kind = ? AND chat_id = ? ORDER BY id", [.text(kind), .integer(chatID)])
    }

    public func allRecords() async throws -> [ChatRecord] {
        try select("WHERE kind = ? ORDER BY id", [.text(kind)])
    }

    public func remove(id: Int64, chatID: Int64?) async throws -> Bool {
        let kind = kind
        return try await database.write { connection in
            if let chatID {
                return try connection.run(
                    "DELETE FROM chat_records WHERE id = ? AND kind = ? AND chat_id = ?",
                    [.integer(id), .text(kind), .integer(chatID)]) == 1
            }
            return try connection.run(
                "DELETE FROM chat_records WHERE id = ? AND kind = ?", [.integer(id), .text(kind)]) == 1
        }
    }

    public func modify(id: Int64, chatID: Int64, _ change: @escaping @Sendable ([UInt8]) -> [UInt8]?)
        async throws -> Bool
    {
        let kind = kind
        // Read and rewritten in one write transaction, with `change` run inside it: writes take
        // turns on the one writer connection, so a racing caller reads only what this one committed.
        return try await database.write { connection in
            let rows = try connection.query(
                "SELECT payload FROM chat_records WHERE id = ? AND kind = ? AND chat_id = ?",
                [.integer(id), .text(kind), .integer(chatID)]
            ) { $0.blob(0) ?? [] }
            guard let current = rows.first, let changed = change(current) else { return false }
            return try connection.run(
                "UPDATE chat_records SET payload = ? WHERE id = ?", [.blob(changed), .integer(id)]) == 1
        }
    }

    @discardableResult
    public func removeAll(chatID: Int64) async throws -> Int {
        let kind = kind
        return try await database.write { connection in
            try connection.run(
                "DELETE FROM chat_records WHERE kind = ? AND chat_id = ?", [.text(kind), .integer(chatID)])
        }
    }

    private func select(_ condition: String, _ arguments: [SQLiteValue]) throws -> [ChatRecord] {
        try database.read { connection in
            try connection.query("SELECT id, chat_id, created_at, payload FROM chat_records " + condition, arguments) {
                ChatRecord(id: $0.int64(0), chatID: $0.int64(1), createdAt: $0.int64(2), payload: $0.blob(3) ?? [])
            }
        }
    }
}
