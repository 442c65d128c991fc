/// Stores that keep one row per chat (a digest schedule, quiet hours): read it, replace it.
/// A chat's commands are worked one at a time (its lane, its lease), so the remove-then-add
/// of `replaceOnly` does not race another change of the same chat.
extension ChatRecordStore {
    /// The chat's row; nil when it has none.
    public func only(chatID: Int64) async throws -> ChatRecord? {
        try await records(chatID: chatID).last
    }

    /// Makes `payload` the chat's one row (nil: none).
    public func replaceOnly(chatID: Int64, payload: [UInt8]?) async throws {
        try await removeAll(chatID: chatID)
        if let payload { _ = try await add(chatID: chatID, payload: payload, limit: 1) }
    }
}
