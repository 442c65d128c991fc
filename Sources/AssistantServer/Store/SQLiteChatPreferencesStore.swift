import AssistantCore
import MarketEngine
import Synchronization

/// `/settings` per chat in the `chat_settings` table. Read on every command: served from
/// memory after the first read, written through.
public final class SQLiteChatPreferencesStore: ChatPreferencesStore {
    let database: SQLiteDatabase
    private let cache = Mutex<[Int64: ChatPreferences]>([:])

    /// Chats remembered in memory; beyond it the cache starts over (reads are cheap).
    static let cacheLimit = 10_000

    init(database: SQLiteDatabase) {
        self.database = database
    }

    public func preferences(for chatID: Int64) async throws -> ChatPreferences {
        if let cached = cache.withLock({ $0[chatID] }) { return cached }
        let row = try database.read { connection in
            try connection.query(
                "SELECT exchange, language FROM chat_settings WHERE chat_id = ?", [.integer(chatID)]
            ) { ($0.text(0), $0.text(1)) }.first
        }
        let preferences = ChatPreferences(exchangeColumn: row?.0, languageColumn: row?.1)
        cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[chatID] = preferences
        }
        return preferences
    }

    public func setPreferences(_ preferences: ChatPreferences, for chatID: Int64) async throws {
        _ = try await database.write { connection in
            if preferences.isDefault {
                try connection.run("DELETE FROM chat_settings WHERE chat_id = ?", [.integer(chatID)])
            } else {
                try connection.run(
                    """
                    INSERT INTO chat_settings (chat_id, exchange, language, updated_at)
                    VALUES (?, ?, ?, strftime('%s','now'))
                    ON CONFLICT(chat_id) DO UPDATE SET exchange = excluded.exchange, language = excluded.language,
                        updated_at = excluded.updated_at
                    """,
                    [
                        .integer(chatID), preferences.exchange.map { .text($0.rawValue) } ?? .null,
                        preferences.language.map { .text($0.rawValue) } ?? .null,
                    ])
            }
        }
        cache.withLock { $0[chatID] = preferences }
    }
}
