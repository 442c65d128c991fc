import AssistantCore
import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The daily equity snapshots in the `equity_snapshots` table, equity as exact decimal text.
public final class SQLiteEquityHistoryStore: EquityHistoryStore {
    let database: SQLiteDatabase

    init(database: SQLiteDatabase) {
        self.database = database
    }

    public func record(day: String, exchange: Exchange, equity: Decimal) async throws {
        let arguments: [SQLiteValue] = [.text(day), .text(exchange.rawValue), .text("\(equity)")]
        _ = try await database.write { connection in
            try connection.run(
                "INSERT OR REPLACE INTO equity_snapshots (day, exchange, equity) VALUES (?, ?, ?)", arguments)
        }
    }

    public func equity(on day: String) async throws -> [Exchange: Decimal] {
        let rows = try database.read { connection in
            try connection.query("SELECT exchange, equity FROM equity_snapshots WHERE day = ?", [.text(day)]) {
                (exchange: $0.text(0) ?? "", equity: $0.text(1) ?? "")
            }
        }
        var result: [Exchange: Decimal] = [:]
        for row in rows {
            if let exchange = Exchange(rawValue: row.exchange), let value = Decimal(string: row.equity) {
                result[exchange] = value
            }
        }
        return result
    }

    public func firstDay() async throws -> String? {
        try database.read { connection in
            try connection.query("SELECT MIN(day) FROM equity_snapshots") { $0.text(0) }.first ?? nil
        }
    }
}
