#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A chat's watched coins (`/watch`): one row per base in `Stores.watchlists`, in the order
/// they were added, at most `limit`.
public struct Watchlist: Sendable {
    /// Coins a chat may watch at most: one screen of the compact table.
    public static let limit = 30

    let store: any ChatRecordStore

    public init(store: any ChatRecordStore) {
        self.store = store
    }

    private struct Row: Codable {
        var base: String
    }

    /// The chat's bases, oldest first.
    public func bases(of chatID: Int64) async throws -> [String] {
        try await rows(of: chatID).map(\.base)
    }

    private func rows(of chatID: Int64) async throws -> [(id: Int64, base: String)] {
        try await store.records(chatID: chatID).compactMap { record in
            (try? JSONDecoder().decode(Row.self, from: Data(record.payload))).map { (record.id, $0.base) }
        }
    }

    /// Adds the bases not watched yet, in order, until the limit: returns those added and
    /// those refused for it.
    public func add(_ wanted: [String], to chatID: Int64) async throws -> (added: [String], refused: [String]) {
        var watched = Set(try await bases(of: chatID))
        var added: [String] = []
        var refused: [String] = []
        for base in wanted where !watched.contains(base) {
            let payload = (try? Array(JSONEncoder().encode(Row(base: base)))) ?? []
            if try await store.add(chatID: chatID, payload: payload, limit: Self.limit) != nil {
                added.append(base)
                watched.insert(base)
            } else {
                refused.append(base)
            }
        }
        return (added, refused)
    }

    /// Removes the bases; returns those that were watched.
    public func remove(_ bases: [String], from chatID: Int64) async throws -> [String] {
        let wanted = Set(bases)
        var removed: [String] = []
        for row in try await rows(of: chatID) where wanted.contains(row.base) {
            if try await store.remove(id: row.id, chatID: chatID) { removed.append(row.base) }
        }
        return removed
    }
}
