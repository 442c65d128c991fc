import AssistantTesting
import Foundation
import Testing

/// The PostgreSQL the tests run against (`AssistantTesting.TestPostgres`): a real server on
/// loopback, a new database per call, and a server a test owns that goes down and comes back.
@Suite struct TestPostgresTests {
    @Test func eachCallMakesAnotherEmptyDatabaseOnLoopback() async throws {
        let first = try await TestPostgres.makeDatabase()
        let second = try await TestPostgres.makeDatabase()
        #expect(first != second)
        for url in [first, second] {
            #expect(url.hasPrefix("postgres://postgres@127.0.0.1:"), "\(url)")
            #expect(url.hasSuffix("?sslmode=disable"), "\(url)")
            #expect(try await TestPostgres.psql("select 1", url: url) == "1\n")
            // Empty: no table of its own.
            #expect(
                try await TestPostgres.psql("select count(*) from pg_tables where schemaname = 'public'", url: url)
                    == "0\n")
        }
        // Distinct databases, not two names for one: a table made in the first is not in the second.
        _ = try await TestPostgres.psql("create table marker (id int)", url: first)
        #expect(try await TestPostgres.psql("select to_regclass('public.marker') is not null", url: first) == "t\n")
        #expect(try await TestPostgres.psql("select to_regclass('public.marker') is not null", url: second) == "f\n")
        #expect(try await TestPostgres.psql("select current_database()", url: first) != "postgres\n")
    }

    @Test func manyTestsAskingAtOnceGetDistinctDatabases() async throws {
        let urls = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<12 { group.addTask { try await TestPostgres.makeDatabase() } }
            var urls: [String] = []
            for try await url in group { urls.append(url) }
            return urls
        }
        #expect(Set(urls).count == 12)
        let server = try await TestPostgres.sharedServer()
        #expect(urls.allSatisfy { $0.contains("@127.0.0.1:\(server.port)/") })
    }

    @Test func anOwnedServerStopsAndStartsAgainOnTheSamePortWithItsData() async throws {
        let server = try TestPostgresServer()
        defer { server.remove() }
        try await server.start()
        let port = server.port
        let url = try await server.createDatabase("kept")
        #expect(url == "postgres://postgres@127.0.0.1:\(port)/kept?sslmode=disable")
        _ = try await TestPostgres.psql("create table t (v text); insert into t values ('before')", url: url)

        // Down: connections are refused.
        try await server.stop()
        await #expect(throws: TestPostgresError.self) { try await TestPostgres.psql("select 1", url: url) }

        // Up again: same port, same data.
        try await server.start()
        #expect(server.port == port)
        #expect(try await TestPostgres.psql("select v from t", url: url) == "before\n")

        // A crash-like stop (immediate) comes back too, after recovery. (What was committed in
        // its last moments may be lost: the test server runs without fsync.)
        try await server.stop(.immediate)
        await #expect(throws: TestPostgresError.self) { try await TestPostgres.psql("select 1", url: url) }
        try await server.start()
        #expect(server.port == port)
        #expect(try await TestPostgres.psql("select v from t", url: url) == "before\n")

        // Removed: the folder is gone and the port refuses.
        let folder = server.folder
        server.remove()
        #expect(!FileManager.default.fileExists(atPath: folder))
        await #expect(throws: (any Error).self) { try await TestPostgres.psql("select 1", url: url) }
    }
}
