import AssistantCore
import MarketEngine
import PostgresNIO

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The daily equity snapshots in the `equity_snapshots` table, equity as exact decimal text.
public final class PostgresEquityHistoryStore: EquityHistoryStore {
    let database: PostgresDatabase

    init(database: PostgresDatabase) {
        self.database = database
    }

    public func record(day: String, exchange: Exchange, equity: Decimal) async throws {
        let (exchange, equity) = (exchange.rawValue, "\(equity)")
        try await database.run { client in
            try await client.query(
                """
                INSERT INTO equity_snapshots (day, exchange, equity) VALUES (\(day), \(exchange), \(equity))
                ON CONFLICT (day, exchange) DO UPDATE SET equity = excluded.equity
                """
            ).consume()
        }
    }

    public func equity(on day: String) async throws -> [Exchange: Decimal] {
        let rows = try await database.run { client in
            var rows: [(String, String)] = []
            for try await row in try await client.query(
                "SELECT exchange, equity FROM equity_snapshots WHERE day = \(day)"
            ).decode((String, String).self) {
                rows.append(row)
            }
            return rows
        }
        var result: [Exchange: Decimal] = [:]
        for (exchange, equity) in rows {
            if let exchange = Exchange(rawValue: exchange), let value = Decimal(string: equity) {
                result[exchange] = value
            }
        }
        return result
    }

    public func firstDay() async throws -> String? {
        try await database.run { client in
            for try await day in try await client.query("SELECT min(day) FROM equity_snapshots").decode(String?.self) {
                return day
            }
            return nil
        }
    }
}
