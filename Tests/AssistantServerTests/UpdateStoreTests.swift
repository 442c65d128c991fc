import AssistantCore
import Foundation
import MarketEngine
import Testing

@testable import AssistantServer

/// The SQLite file itself: the journal's rows, files written by earlier releases, and how
/// opening fails.
@Suite struct UpdateStoreTests {
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

        let store = try UpdateStore(path: path)
        let pending = try await store.pending()
        #expect(pending.map(\.updateID) == [7])
        #expect(pending.first?.payload == payload)
        #expect(try await store.isDone(updateID: 8) == true)
        #expect(try await store.begin(updateID: 7, payload: payload) == false, "a redelivery of a journaled update")
        #expect(try await store.preferences(for: 42).exchange == .bybit)
        #expect(try await store.equity(on: "2026-11-01") == [.okx: Decimal(string: "1234.5678")!])
        #expect(try await store.firstDay() == "2026-11-01")
        let version = try store.database.read { try $0.query("PRAGMA user_version") { $0.int64(0) } }
        #expect(version == [Int64(UpdateStore.migrations.count)])
        try store.close()
    }

    @Test func journalRowsFromAcceptedToAnsweredToPruned() async throws {
        let folder = try TemporaryFolder()
        let store = try UpdateStore(path: folder.path + "/db.sqlite")
        #expect(try await store.begin(updateID: 1, payload: Array("one".utf8)))
        #expect(try await store.begin(updateID: 2, payload: []))
        #expect(try await store.begin(updateID: 1, payload: Array("again".utf8)) == false)
        let pending = try await store.pending()
        #expect(pending.map(\.updateID) == [1, 2])
        #expect(pending.map(\.payload) == [Array("one".utf8), []], "the first payload kept; an empty one stays empty")

        try await store.complete(updateID: 1)
        #expect(try await store.isDone(updateID: 1) == true)
        #expect(try await store.isDone(updateID: 2) == false)
        #expect(try await store.isDone(updateID: 3) == nil)
        #expect(try await store.pending().map(\.updateID) == [2])
        #expect(try await store.prune(olderThan: 3600) == 0, "answered just now: kept for dedupe")
        #expect(try await store.prune(olderThan: -3600) == 1, "only the answered row goes")
        #expect(try await store.isDone(updateID: 1) == nil)
        try store.close()
    }

    @Test func concurrentUpdatesAllLandOnce() async throws {
        let folder = try TemporaryFolder()
        let store = try UpdateStore(path: folder.path + "/db.sqlite")
        let firsts = try await withThrowingTaskGroup(of: Bool.self) { group in
            for id in 0..<400 { group.addTask { try await store.begin(updateID: Int64(id % 200), payload: [1]) } }
            return try await group.reduce(into: 0) { count, first in count += first ? 1 : 0 }
        }
        #expect(firsts == 200, "each of the 200 ids accepted once, its duplicate refused")
        #expect(try await store.pending().count == 200)
        try store.close()
    }

    @Test func closeLeavesTheWholeDatabaseInTheMainFile() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/db.sqlite"
        let store = try UpdateStore(path: path)
        _ = try await store.begin(updateID: 5, payload: Array(repeating: 7, count: 10_000))
        try await store.setPreferences(ChatPreferences(exchange: .okx), for: 9)
        try store.close()
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize == 0)

        let copy = folder.path + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let reopened = try UpdateStore(path: copy)
        #expect(try await reopened.pending().first?.payload.count == 10_000)
        #expect(try await reopened.preferences(for: 9).exchange == .okx)
        try reopened.close()
    }

    @Test func folderThatIsAFileGivesTheSystemsReason() throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/plain-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        #expect(UpdateStore.makeFolder(folder.path + "/a/b") == nil)
        #expect(UpdateStore.makeFolder(folder.path + "/a/b") == nil, "an existing folder is fine")
        #expect(UpdateStore.makeFolder(file) == "Not a directory")
        let error = #expect(throws: UpdateStore.OpenError.self) { try UpdateStore(path: file + "/sub/db.sqlite") }
        #expect(error?.description == "DATABASE_PATH folder \(file)/sub cannot be created: Not a directory")
    }
}
