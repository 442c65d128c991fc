/// An update accepted but not yet answered, as the journal holds it.
public struct JournaledUpdate: Sendable, Equatable {
    public var updateID: Int64
    /// The update's JSON as it was received.
    public var payload: [UInt8]

    public init(updateID: Int64, payload: [UInt8]) {
        self.updateID = updateID
        self.payload = payload
    }
}

/// The record of accepted updates that makes the pipeline's promises hold across restarts:
/// a redelivered update is recognised, and an update accepted but not answered when the
/// process stopped is answered after the next start.
///
/// An implementation must make `begin` durable before it returns (the transport
/// acknowledges the update right after), and must answer `true` to exactly one `begin`
/// of an id, however many race.
public protocol UpdateJournal: Sendable {
    /// Records an accepted update; false when its id was journaled before (a redelivery).
    func begin(updateID: Int64, payload: [UInt8]) async throws -> Bool
    /// Marks an update answered; its payload may be dropped, its id is kept for dedupe.
    func complete(updateID: Int64) async throws
    /// Updates accepted and not answered, oldest id first.
    func pending() async throws -> [JournaledUpdate]
    /// Deletes answered updates received more than `age` seconds ago; returns how many went.
    @discardableResult
    func prune(olderThan age: Int64) async throws -> Int
    /// Whether an update is answered; nil when the journal does not know the id.
    func isDone(updateID: Int64) async throws -> Bool?
}
