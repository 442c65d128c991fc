/// A row that belongs to a chat and has an id of its own: the shape of what a chat keeps
/// more than one of (alerts). The payload is the owner's encoding; the store does not read it.
public struct ChatRecord: Sendable, Equatable {
    public var id: Int64
    public var chatID: Int64
    /// Seconds since 1970 (UTC) when it was added.
    public var createdAt: Int64
    public var payload: [UInt8]

    public init(id: Int64, chatID: Int64, createdAt: Int64, payload: [UInt8]) {
        self.id = id
        self.chatID = chatID
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// Rows keyed by chat, each with an id unique in the store, bounded per chat.
///
/// `remove` answers true to exactly one caller per row, so a one-shot record (an alert that
/// fired) can be claimed by removing it, also when several evaluators race; `modify` is the
/// same guarantee for a record that stays (each racer sees the previous one's write).
public protocol ChatRecordStore: Sendable {
    /// Adds a row; nil when the chat already has `limit` rows.
    func add(chatID: Int64, payload: [UInt8], limit: Int) async throws -> ChatRecord?
    /// A chat's rows, oldest first.
    func records(chatID: Int64) async throws -> [ChatRecord]
    /// Every chat's rows, by id.
    func allRecords() async throws -> [ChatRecord]
    /// Removes a row of `chatID` (of any chat when nil); true when this call removed it.
    func remove(id: Int64, chatID: Int64?) async throws -> Bool
    /// Rewrites one row of `chatID` atomically: `change` is given its payload and returns the
    /// new one, or nil to leave the row as it is. True when this call changed the row; false
    /// when the row is gone or `change` said nil. Of callers racing on one row each sees the
    /// payload the previous one wrote (repeating alerts claim a firing with it, as one-shot
    /// alerts claim theirs with `remove`).
    func modify(id: Int64, chatID: Int64, _ change: @escaping @Sendable ([UInt8]) -> [UInt8]?) async throws -> Bool
    /// Removes every row of a chat; returns how many went.
    @discardableResult
    func removeAll(chatID: Int64) async throws -> Int
}
