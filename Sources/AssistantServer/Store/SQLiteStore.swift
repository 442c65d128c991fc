import AssistantCore
import CSQLite
import MarketEngine

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

/// The SQLite file at `DATABASE_PATH`, the embedded default store: it opens the file,
/// brings its schema up to date and hands out one implementation per store protocol
/// (`stores`), all on the same file.
public final class SQLiteStore: Sendable {
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

    let database: SQLiteDatabase
    public let journal: SQLiteUpdateJournal
    public let preferences: SQLiteChatPreferencesStore
    public let equity: SQLiteEquityHistoryStore
    public let alerts: SQLiteChatRecordStore
    public let firedAlerts: SQLiteChatRecordStore
    public let pausedChats: SQLiteChatRecordStore
    public let watchlists: SQLiteChatRecordStore
    public let digests: SQLiteChatRecordStore
    public let quietHours: SQLiteChatRecordStore
    public let alertLog: SQLiteChatRecordStore

    public init(path: String, clock: AppClock = .system) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if let reason = Folder.make(folder) { throw OpenError.cannotCreateFolder(folder, reason) }
        // SQLite opens a read-only file and fails only at the first write; say so up front.
        if access(folder, W_OK) != 0
            || (FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0)
        {
            throw OpenError.readOnly(path)
        }
        do {
            database = try SQLiteDatabase(path: path, clock: clock, prepare: Self.migrate)
        } catch let error as SQLiteError {
            switch error.primaryCode {
            case SQLITE_NOTADB, SQLITE_CORRUPT: throw OpenError.notADatabase(path)
            case SQLITE_READONLY, SQLITE_PERM: throw OpenError.readOnly(path)
            default: throw OpenError.cannotOpen(path, error.message)
            }
        }
        journal = SQLiteUpdateJournal(database: database)
        preferences = SQLiteChatPreferencesStore(database: database)
        equity = SQLiteEquityHistoryStore(database: database)
        alerts = SQLiteChatRecordStore(database: database, kind: "alert")
        firedAlerts = SQLiteChatRecordStore(database: database, kind: "alert-fired")
        pausedChats = SQLiteChatRecordStore(database: database, kind: "alerts-paused")
        watchlists = SQLiteChatRecordStore(database: database, kind: "watch")
        digests = SQLiteChatRecordStore(database: database, kind: "digest")
        quietHours = SQLiteChatRecordStore(database: database, kind: "quiet")
        alertLog = SQLiteChatRecordStore(database: database, kind: "alert-log")
    }

    /// The stores behind their protocols; closing them closes this file.
    public var stores: Stores {
        Stores(
            journal: journal, preferences: preferences, equity: equity, alerts: alerts, firedAlerts: firedAlerts,
            pausedChats: pausedChats, watchlists: watchlists, digests: digests, quietHours: quietHours,
            alertLog: alertLog,
            close: close)
    }

    /// The schema, version by version (`PRAGMA user_version`). The first step also holds for
    /// a file written by releases that kept the schema with GRDB (user_version 0, the same
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
        """,
        """
        CREATE TABLE "chat_records" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "kind" TEXT NOT NULL,
            "chat_id" INTEGER NOT NULL, "created_at" INTEGER NOT NULL, "payload" BLOB NOT NULL);
        CREATE INDEX "chat_records_kind_chat" ON "chat_records"("kind", "chat_id");
        """,
        // `/settings language`: nil is `auto`.
        """
        ALTER TABLE "chat_settings" ADD COLUMN "language" TEXT;
        """,
    ]

    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.transaction {
            let version = try connection.query("PRAGMA user_version") { Int($0.int64(0)) }.first ?? 0
            guard version < migrations.count else { return }
            for step in migrations[version...] { try connection.execute(step) }
            try connection.execute("PRAGMA user_version = \(migrations.count)")
        }
    }

    /// Checkpoints the write-ahead log into the main file (leaving it empty) and closes the
    /// database, so that a copy of the file alone is a complete backup after a stop.
    public func close() throws {
        try database.close()
    }
}
