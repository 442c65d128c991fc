import AssistantCore
import MarketEngine
import PostgresNIO

/// `/settings` per chat in the `chat_settings` table. Unlike the SQLite store it keeps no
/// copy in memory: another replica may change a chat's settings between two of its updates.
public final class PostgresChatPreferencesStore: ChatPreferencesStore {
    let database: PostgresDatabase

    init(database: PostgresDatabase) {
        self.database = database
    }

    public func preferences(for chatID: Int64) async throws -> ChatPreferences {
        try await database.run { client in
            for try await exchange in try await client.query(
                "SELECT exchange FROM chat_settings WHERE chat_id = \(chatID)"
            ).decode(String?.self) {
                return ChatPreferences(exchange: exchange.flatMap(Exchange.init(rawValue:)))
            }
            return ChatPreferences()
        }
    }

    public func setPreferences(_ preferences: ChatPreferences, for chatID: Int64) async throws {
        let exchange = preferences.exchange?.rawValue
        try await database.run { client in
            if let exchange {
                try await client.query(
                    """
                    INSERT INTO chat_settings (chat_id, exchange, updated_at) VALUES (\(chatID), \(exchange), now())
                    ON CONFLICT (chat_id) DO UPDATE SET exchange = excluded.exchange, updated_at = excluded.updated_at
                    """
                ).consume()
            } else {
                try await client.query("DELETE FROM chat_settings WHERE chat_id = \(chatID)").consume()
            }
        }
    }
}
