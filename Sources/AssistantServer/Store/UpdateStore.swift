import AssistantCore
import CSQLite
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The SQLite file at `DATABASE_PATH`: a journal of accepted updates, chat settings and
/// daily equity snapshots.
///
/// An update is written here before Telegram gets its 2xx, and marked done once its reply
/// left. So a redelivered update is recognised (even across a restart), and an update that
/// was accepted but not answered when the process died is answered after the restart.
/// Done rows are kept 48 hours for dedupe, then pruned.
public final class UpdateStore: Sendable {
    let database: SQLiteDatabase
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
        if let reason = Self.makeFolder(folder) { throw OpenError.cannotCreateFolder(folder, reason) }
        // SQLite opens a read-only file and fails only at the first write; say so up front.
        if access(folder, W_OK) != 0
            || (FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0)
        {
            throw OpenError.readOnly(path)
        }
        do {
            database = try SQLiteDatabase(path: path, prepare: Self.migrate)
            journal = JournalWriter(database: database)
        } catch let error as SQLiteError {
            switch error.primaryCode {
            case SQLITE_NOTADB, SQLITE_CORRUPT: throw OpenError.notADatabase(path)
            case SQLITE_READONLY, SQLITE_PERM: throw OpenError.readOnly(path)
            default: throw OpenError.cannotOpen(path, error.message)
            }
        }
    }

    /// Creates `folder` and its parents as `mkdir -p` does; returns the system's reason when
    /// that fails (as `mkdir` would say it, without Foundation's error bridging).
    static func makeFolder(_ folder: String) -> String? {
        var prefix = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
            prefix += "/"
        }
        // The last component may exist as a file: opening it as a folder says so.
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
        return nil
    }

    /// The schema, version by version (`PRAGMA user_version`). Each step also holds for a
    /// file written by releases that kept the schema with GRDB (user_version 0, the same
    /// tables): `IF NOT EXISTS` leaves their tables and rows as they are.
    static let migrations: [String] = [
        """
        CREATE TABLE IF NOT EXISTS "updates" ("update_id" INTEGER PRIMARY KEY, "received_at" INTEGER NOT NULL,
            "done" BOOLEAN NOT NULL DEFAULT 0, "payload" BLOB);
        CREATE INDEX IF NOT EXISTS "updates_done_received" ON "updates"("done", "received_at");
        -- Equity as decimal text: exact, whatever SQLite's REAL would round.
        CREATE TABLE IF NOT EXISTS "equity_snapshots" ("day" TEXT NOT NULL, "exchange" TEXT NOT NULL,
            "equity" TEXT NOT NULL, PRIMARY KEY ("day", "exchange"));
        CREATE TABLE IF NOT EXISTS "chat_settings" ("chat_id" INTEGER PRIMARY KEY, "exchange" TEXT,
            "updated_at" INTEGER NOT NULL);
        """
    ]

    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.transaction {
            let version = try connection.query("PRAGMA user_version") { Int($0.int64(0)) }.first ?? 0
            guard version < migrations.count else { return }
            for step in migrations[version...] { try connection.execute(step) }
            try connection.execute("PRAGMA user_version = \(migrations.count)")
        }
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
        try database.read { connection in
            try connection.query("SELECT update_id, payload FROM updates WHERE done = 0 ORDER BY update_id") {
                (updateID: $0.int64(0), payload: $0.blob(1) ?? [])
            }
        }
    }

    /// Deletes answered updates older than `age` seconds; returns how many went.
    @discardableResult
    public func prune(olderThan age: Int64 = 48 * 3600) async throws -> Int {
        let cutoff = Int64(Date().timeIntervalSince1970) - age
        return try await database.write { connection in
            try connection.run("DELETE FROM updates WHERE done = 1 AND received_at < ?", [.integer(cutoff)])
        }
    }

    /// Checkpoints the write-ahead log into the main file (leaving it empty) and closes the
    /// database, so that a copy of the file alone is a complete backup after a stop.
    public func close() throws {
        try database.close()
    }

    public func isDone(updateID: Int64) async throws -> Bool? {
        try database.read { connection in
            try connection.query("SELECT done FROM updates WHERE update_id = ?", [.integer(updateID)]) {
                $0.int64(0) != 0
            }.first
        }
    }
}
