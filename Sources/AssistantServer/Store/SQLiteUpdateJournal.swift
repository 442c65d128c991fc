import AssistantCore
import MarketEngine

/// The update journal in the `updates` table. Writes go through `JournalWriter` (group
/// commit); reads run on the caller's thread on the reader connection.
public final class SQLiteUpdateJournal: UpdateJournal {
    let database: SQLiteDatabase
    private let writer: JournalWriter

    init(database: SQLiteDatabase) {
        self.database = database
        self.writer = JournalWriter(database: database)
    }

    public func begin(updateID: Int64, payload: [UInt8]) async throws -> Bool {
        try await writer.begin(updateID: updateID, payload: payload)
    }

    public func complete(updateID: Int64) async throws {
        try await writer.complete(updateID: updateID)
    }

    public func pending() async throws -> [JournaledUpdate] {
        try database.read { connection in
            try connection.query("SELECT update_id, payload FROM updates WHERE done = 0 ORDER BY update_id") {
                JournaledUpdate(updateID: $0.int64(0), payload: $0.blob(1) ?? [])
            }
        }
    }

    @discardableResult
    public func prune(olderThan age: Int64) async throws -> Int {
        let cutoff = database.clock.wallSeconds - age
        return try await database.write { connection in
            try connection.run("DELETE FROM updates WHERE done = 1 AND received_at < ?", [.integer(cutoff)])
        }
    }

    public func isDone(updateID: Int64) async throws -> Bool? {
        try database.read { connection in
            try connection.query("SELECT done FROM updates WHERE update_id = ?", [.integer(updateID)]) {
                $0.int64(0) != 0
            }.first
        }
    }
}
