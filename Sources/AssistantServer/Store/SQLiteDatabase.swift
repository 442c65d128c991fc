import Dispatch
import MarketEngine
import Synchronization

/// A SQLite file in WAL mode with one connection for writes and one for reads, so a read
/// never waits for a commit. Each connection is used by one thread at a time (its lock).
final class SQLiteDatabase: Sendable {
    private let writer: Mutex<SQLiteConnection>
    private let reader: Mutex<SQLiteConnection>
    /// Rows' times (seconds since 1970) are read from it.
    let clock: AppClock

    /// Opens (or creates) the file and runs `prepare` on the writer connection, outside any
    /// transaction (for pragmas and the schema).
    init(path: String, clock: AppClock, prepare: (SQLiteConnection) throws -> Void) throws {
        self.clock = clock
        let writer = try SQLiteConnection(path: path)
        writer.setBusyTimeout(milliseconds: 5_000)
        // WAL lets the reader read while the writer commits; it is a property of the file,
        // so the reader opened after this finds it. NORMAL sync in WAL: a crash of the
        // process loses no committed row, a power cut may lose the last few, which Telegram
        // then delivers again.
        try writer.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try prepare(writer)
        let reader = try SQLiteConnection(path: path)
        reader.setBusyTimeout(milliseconds: 5_000)
        self.writer = Mutex(writer)
        self.reader = Mutex(reader)
    }

    /// A write transaction on the calling thread, waiting for the writer if it is busy.
    /// For callers already on a thread of their own (the journal's queue).
    func writeBlocking<T: Sendable>(_ body: @Sendable (SQLiteConnection) throws -> T) throws -> T {
        try writer.withLock { connection in
            let result = try connection.transaction { try body(connection) }
            return result
        }
    }

    /// A write transaction, run off the concurrency pool: the writer may be busy with a
    /// journal batch, and waiting for it must not hold one of the pool's few threads.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.writeBlocking(body) })
            }
        }
    }

    /// A read on the caller's thread: reads are short, and in WAL mode they do not wait
    /// for the writer, so a hop to another thread would cost more than the read.
    func read<T: Sendable>(_ body: @Sendable (SQLiteConnection) throws -> T) throws -> T {
        try reader.withLock { connection in
            let result = try body(connection)
            return result
        }
    }

    /// Checkpoints the write-ahead log into the main file (leaving it empty) and closes both
    /// connections, so that a copy of the file alone is a complete backup after a stop.
    func close() throws {
        reader.withLock { $0.close() }
        try writer.withLock { connection in
            defer { connection.close() }
            try connection.checkpoint()
        }
    }
}
