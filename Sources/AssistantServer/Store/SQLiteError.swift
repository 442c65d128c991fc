import CSQLite

/// A failed SQLite call: its result code and SQLite's own message (which names the table or
/// constraint, never a bound value, so no payload reaches a log through it).
struct SQLiteError: Error, CustomStringConvertible {
    /// The extended result code, as `sqlite3_extended_errcode` gives it.
    let code: Int32
    let message: String

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_NOTADB`, …) without the extended bits.
    var primaryCode: Int32 { code & 0xFF }

    var description: String { "SQLite error \(code): \(message)" }

    /// The error the connection last reported.
    init(code: Int32, connection: OpaquePointer?) {
        self.code = connection.map { sqlite3_extended_errcode($0) } ?? code
        self.message =
            connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
    }
}
