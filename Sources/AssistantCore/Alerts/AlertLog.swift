/// The alerts whose message was sent, per chat, for the digest's "fired in the last 24 h"
/// (`Stores.alertLog`): at most `limitPerChat` a chat, the oldest dropped for a new one.
public struct AlertLog: Sendable {
    public static let limitPerChat = 50
    /// Rows older than this go in the hourly prune.
    public static let keptSeconds: Int64 = 48 * 3600

    let store: any ChatRecordStore

    public init(store: any ChatRecordStore) {
        self.store = store
    }

    public func record(_ alert: FiredAlert, chatID: Int64) async throws {
        if try await store.add(chatID: chatID, payload: alert.payload, limit: Self.limitPerChat) != nil { return }
        if let oldest = try await store.records(chatID: chatID).first {
            _ = try await store.remove(id: oldest.id, chatID: chatID)
        }
        _ = try await store.add(chatID: chatID, payload: alert.payload, limit: Self.limitPerChat)
    }

    /// The chat's alerts fired since `since` (milliseconds since 1970), oldest first.
    public func fired(in chatID: Int64, since: Int64) async throws -> [FiredAlert] {
        try await store.records(chatID: chatID).compactMap { FiredAlert(payload: $0.payload) }.filter {
            $0.firedAt >= since
        }
    }

    /// Drops what is older than `keptSeconds` at `now` (seconds since 1970).
    @discardableResult
    public func prune(now: Int64) async throws -> Int {
        var removed = 0
        for record in try await store.allRecords() where record.createdAt < now - Self.keptSeconds {
            if try await store.remove(id: record.id, chatID: record.chatID) { removed += 1 }
        }
        return removed
    }
}
