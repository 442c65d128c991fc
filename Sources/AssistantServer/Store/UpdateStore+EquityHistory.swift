import AssistantCore
import Foundation
import GRDB
import MarketEngine

/// The equity snapshots live in the same SQLite file as the update journal.
extension UpdateStore: EquityHistory {
    public func record(day: String, exchange: Exchange, equity: Decimal) async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO equity_snapshots (day, exchange, equity) VALUES (?, ?, ?)",
                arguments: [day, exchange.rawValue, "\(equity)"])
        }
    }

    public func equity(on day: String) async throws -> [Exchange: Decimal] {
        try await database.read { db in
            var result: [Exchange: Decimal] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT exchange, equity FROM equity_snapshots WHERE day = ?", arguments: [day])
            {
                if let exchange = Exchange(rawValue: row["exchange"]), let value = Decimal(string: row["equity"]) {
                    result[exchange] = value
                }
            }
            return result
        }
    }

    public func firstDay() async throws -> String? {
        try await database.read { db in try String.fetchOne(db, sql: "SELECT MIN(day) FROM equity_snapshots") }
    }
}
