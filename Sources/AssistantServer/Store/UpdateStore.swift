import AssistantCore
import Foundation
import GRDB
import Synchronization

/// The SQLite file at `DATABASE_PATH`: a journal of accepted updates, chat settings and
/// daily equity snapshots.
///
/// An update is written here before Telegram gets its 2xx, and marked done once its reply
/// left. So a redelivered update is recognised (even across a restart), and an update that
/// was accepted but not answered when the process died is answered after the restart.
/// Done rows are kept 48 hours for dedupe, then pruned.
public final class UpdateStore: Sendable {
    let database: DatabasePool
    let journal: JournalWriter
    let preferenceCache = Mutex<[Int64: ChatPreferences]>([:])

    public enum OpenError: Error, CustomStringConvertible {
        case cannotCreateFolder(String, String)
        case readOnly(String)
        case notADatabase(String)
        case cannotOpen(String, String)

        public var description: String {
            switch self {
            case .cannotCreateFolder(let path, let reason): "DATABASE_PATH folder \(path) cannot be created: \(reason)"
            case .readOnly(let path):
                "DATABASE_PATH \(path) is read-only: the process needs write access to the file and its folder"
            case .notADatabase(let path):
                "DATABASE_PATH \(path) is not a SQLite database or is corrupt: move it aside (it will be created anew) or restore a backup"
            case .cannotOpen(let path, let reason): "DATABASE_PATH \(path) cannot be opened: \(reason)"
            }
        }
    }

    public init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OpenError.cannotCreateFolder(folder, error.localizedDescription)
        }
        // SQLite opens a read-only file and fails only at the first write; say so up front.
        if access(folder, W_OK) != 0
            || (FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0)
        {
            throw OpenError.readOnly(path)
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL (set by DatabasePool) with NORMAL sync: a crash loses no committed row,
            // a power cut may lose the last few, which Telegram then redelivers.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(5)
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
            journal = JournalWriter(database: database)
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: throw OpenError.notADatabase(path)
            case .SQLITE_READONLY, .SQLITE_PERM: throw OpenError.readOnly(path)
            default: throw OpenError.cannotOpen(path, error.message ?? error.description)
            }
        } catch {
            throw OpenError.cannotOpen(path, String(describing: error))
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-updates") { db in
            try db.create(table: "updates") { table in
                table.primaryKey("update_id", .integer)
                table.column("received_at", .integer).notNull()
                table.column("done", .boolean).notNull().defaults(to: false)
                table.column("payload", .blob)
            }
            try db.create(index: "updates_done_received", on: "updates", columns: ["done", "received_at"])
        }
        migrator.registerMigration("2-equity-snapshots") { db in
            // Equity as decimal text: exact, whatever SQLite's REAL would round.
            try db.create(table: "equity_snapshots") { table in
                table.column("day", .text).notNull()
                table.column("exchange", .text).notNull()
                table.column("equity", .text).notNull()
                table.primaryKey(["day", "exchange"])
            }
        }
        migrator.registerMigration("3-chat-settings") { db in
            try db.create(table: "chat_settings") { table in
                table.primaryKey("chat_id", .integer)
                table.column("exchange", .text)
                table.column("updated_at", .integer).notNull()
            }
        }
        return migrator
    }

    /// Records an accepted update; false when it was seen before (a redelivery). Returns
    /// once the row is committed; concurrent calls share one transaction (`JournalWriter`).
    public func begin(updateID: Int64, payload: [UInt8]) async throws -> Bool {
        try await journal.begin(updateID: updateID, payload: payload)
    }

    /// Marks an update answered; its payload is dropped, its id kept for dedupe.
    public func complete(updateID: Int64) async throws {
        try await journal.complete(updateID: updateID)
    }

    /// Updates accepted but not answered, oldest first, to replay after a restart.
    public func pending() async throws -> [(updateID: Int64, payload: [UInt8])] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT update_id, payload FROM updates WHERE done = 0 ORDER BY update_id").map {
                (updateID: $0["update_id"], payload: Array(($0["payload"] as Data?) ?? Data()))
            }
        }
    }

    /// Deletes answered updates older than `age` seconds; returns how many went.
    @discardableResult
    public func prune(olderThan age: Int64 = 48 * 3600) async throws -> Int {
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM updates WHERE done = 1 AND received_at < ?",
                arguments: [Int64(Date().timeIntervalSince1970) - age])
            return db.changesCount
        }
    }

    /// Checkpoints the write-ahead log into the main file (leaving it empty) and closes the
    /// database, so that a copy of the file alone is a complete backup after a stop.
    public func close() throws {
        _ = try database.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try database.close()
    }

    public func isDone(updateID: Int64) async throws -> Bool? {
        try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT done FROM updates WHERE update_id = ?", arguments: [updateID])
        }
    }
}
