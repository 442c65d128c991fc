import AssistantCore
import AssistantTesting
import Foundation
import MarketEngine
import Testing

@testable import AssistantServer

/// The SQLite file itself: files written by earlier releases, backups, and how opening
/// fails. What every store must do is in `SQLiteStoreConformanceTests`.
@Suite struct SQLiteStoreTests {
    /// The schema as releases that used GRDB wrote it (read off such a file with `sqlite3 .schema`).
    static let grdbSchema = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        CREATE TABLE "updates" ("update_id" INTEGER PRIMARY KEY, "received_at" INTEGER NOT NULL, "done" BOOLEAN NOT NULL DEFAULT 0, "payload" BLOB);
        CREATE INDEX "updates_done_received" ON "updates"("done", "received_at");
        CREATE TABLE "equity_snapshots" ("day" TEXT NOT NULL, "exchange" TEXT NOT NULL, "equity" TEXT NOT NULL, PRIMARY KEY ("day", "exchange"));
        CREATE TABLE "chat_settings" ("chat_id" INTEGER PRIMARY KEY, "exchange" TEXT, "updated_at" INTEGER NOT NULL);
        INSERT INTO grdb_migrations VALUES ('1-updates'), ('2-equity-snapshots'), ('3-chat-settings');
        """

    @Test func fileWrittenByTheGRDBReleaseOpensWithItsRows() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/db.sqlite"
        let payload = Array(#"{"update_id":7,"message":{"text":"/price BTC"}}"#.utf8)
        do {
            let old = try SQLiteConnection(path: path)
            try old.execute("PRAGMA journal_mode = WAL")
            try old.execute(Self.grdbSchema)
            try old.run(
                "INSERT INTO updates VALUES (7, 1700000000, 0, ?), (8, 1700000000, 1, NULL)", [.blob(payload)])
            try old.execute(
                """
                INSERT INTO chat_settings VALUES (42, 'bybit', 1700000000);
                INSERT INTO equity_snapshots VALUES ('2026-11-01', 'okx', '1234.5678');
                """)
            old.close()
        }

        let store = try SQLiteStore(path: path)
        let pending = try await store.journal.pending()
        #expect(pending.map(\.updateID) == [7])
        #expect(pending.first?.payload == payload)
        #expect(try await store.journal.isDone(updateID: 8) == true)
        #expect(
            try await store.journal.begin(updateID: 7, payload: payload) == false, "a redelivery of a journaled update")
        #expect(try await store.preferences.preferences(for: 42).exchange == .bybit)
        #expect(try await store.equity.equity(on: "2026-11-01") == [.okx: Decimal(string: "1234.5678")!])
        #expect(try await store.equity.firstDay() == "2026-11-01")
        #expect(try await store.alerts.add(chatID: 42, payload: [1], limit: 5) != nil, "tables of later versions added")
        let version = try store.database.read { try $0.query("PRAGMA user_version") { $0.int64(0) } }
        #expect(version == [Int64(SQLiteStore.migrations.count)])
        try store.close()
    }

    @Test func closeLeavesTheWholeDatabaseInTheMainFile() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/db.sqlite"
        let store = try SQLiteStore(path: path)
        _ = try await store.journal.begin(updateID: 5, payload: Array(repeating: 7, count: 10_000))
        try await store.preferences.setPreferences(ChatPreferences(exchange: .okx), for: 9)
        try store.close()
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize == 0)

        let copy = folder.path + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let reopened = try SQLiteStore(path: copy)
        #expect(try await reopened.journal.pending().first?.payload.count == 10_000)
        #expect(try await reopened.preferences.preferences(for: 9).exchange == .okx)
        try reopened.close()
    }

    @Test func folderThatIsAFileGivesTheSystemsReason() throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/plain-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        #expect(Folder.make(folder.path + "/a/b") == nil)
        #expect(Folder.make(folder.path + "/a/b") == nil, "an existing folder is fine")
        #expect(Folder.make(file) == "Not a directory")
        let error = #expect(throws: SQLiteStore.OpenError.self) { try SQLiteStore(path: file + "/sub/db.sqlite") }
        #expect(error?.description == "DATABASE_PATH folder \(file)/sub cannot be created: Not a directory")
    }

    @Test func rowsOfEveryStoreSurviveReopening() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/db.sqlite"
        let record: ChatRecord
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.journal.begin(updateID: 3, payload: [3])
            try await store.preferences.setPreferences(ChatPreferences(exchange: .bybit), for: 4)
            try await store.equity.record(day: "2026-11-03", exchange: .okx, equity: 5)
            record = try #require(try await store.alerts.add(chatID: 6, payload: [6], limit: 5))
            try store.close()
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.journal.pending() == [JournaledUpdate(updateID: 3, payload: [3])])
        #expect(try await reopened.preferences.preferences(for: 4).exchange == .bybit)
        #expect(try await reopened.equity.equity(on: "2026-11-03") == [.okx: 5])
        #expect(try await reopened.alerts.records(chatID: 6) == [record])
        let next = try #require(try await reopened.alerts.add(chatID: 6, payload: [7], limit: 5))
        #expect(next.id > record.id, "ids are not reused")
        try reopened.close()
    }
}
