import AssistantCore
import MarketEngine
import Synchronization

/// `/settings` per chat, read on every command: served from memory after the first read,
/// written through to SQLite.
extension UpdateStore: ChatPreferenceStore {
    public func preferences(for chatID: Int64) async throws -> ChatPreferences {
        if let cached = preferenceCache.withLock({ $0[chatID] }) { return cached }
        let exchange = try database.read { connection in
            try connection.query("SELECT exchange FROM chat_settings WHERE chat_id = ?", [.integer(chatID)]) {
                $0.text(0)
            }.first ?? nil
        }
        let preferences = ChatPreferences(exchange: exchange.flatMap(Exchange.init(rawValue:)))
        preferenceCache.withLock { cache in
            if cache.count >= Self.preferenceCacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[chatID] = preferences
        }
        return preferences
    }

    public func setPreferences(_ preferences: ChatPreferences, for chatID: Int64) async throws {
        let exchange = preferences.exchange
        _ = try await database.write { connection in
            if let exchange {
                try connection.run(
                    """
                    INSERT INTO chat_settings (chat_id, exchange, updated_at) VALUES (?, ?, strftime('%s','now'))
                    ON CONFLICT(chat_id) DO UPDATE SET exchange = excluded.exchange, updated_at = excluded.updated_at
                    """,
                    [.integer(chatID), .text(exchange.rawValue)])
            } else {
                try connection.run("DELETE FROM chat_settings WHERE chat_id = ?", [.integer(chatID)])
            }
        }
        preferenceCache.withLock { $0[chatID] = preferences }
    }

    /// Chats remembered in memory; beyond it the cache starts over (reads are cheap).
    static let preferenceCacheLimit = 10_000
}
