import AssistantCore
import MarketEngine
import PostgresNIO

/// `/settings` per chat in the `chat_settings` table. Another replica may change a chat's
/// settings between two of its updates, so a copy is kept only while this replica holds
/// the chat (`HeldChats` says why that is safe).
public final class PostgresChatPreferencesStore: ChatPreferencesStore {
    let database: PostgresDatabase
    let held: HeldChats

    init(database: PostgresDatabase, held: HeldChats) {
        self.database = database
        self.held = held
    }

    struct Read: PostgresPreparedStatement {
        static let name = "preferences_read"
        typealias Row = (String?, String?)

        static let sql = "SELECT exchange, language FROM chat_settings WHERE chat_id = $1"

        var chatID: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(chatID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    public func preferences(for chatID: Int64) async throws -> ChatPreferences {
        if let known = held.preferences(of: chatID) { return known }
        let row = try await database.first(Read(chatID: chatID))
        let preferences = ChatPreferences(exchangeColumn: row?.0, languageColumn: row?.1)
        held.remember(preferences, of: chatID)
        return preferences
    }

    public func setPreferences(_ preferences: ChatPreferences, for chatID: Int64) async throws {
        let exchange = preferences.exchange?.rawValue
        let language = preferences.language?.rawValue
        try await database.run { client in
            if preferences.isDefault {
                try await client.query("DELETE FROM chat_settings WHERE chat_id = \(chatID)").consume()
            } else {
                try await client.query(
                    """
                    INSERT INTO chat_settings (chat_id, exchange, language, updated_at)
                    VALUES (\(chatID), \(exchange), \(language), now())
                    ON CONFLICT (chat_id) DO UPDATE SET exchange = excluded.exchange, language = excluded.language,
                        updated_at = excluded.updated_at
                    """
                ).consume()
            }
        }
        held.remember(preferences, of: chatID)
    }
}
