import Synchronization

/// What must still hold in the shared database when a message is booked (replicas): the
/// chat's lease under the worker's epoch, or the role's leadership under the leader's epoch
/// and the outbox row claimed by it.
///
/// It travels as a task-local from where the work starts (the chat's worker in
/// `LeasedChats`, the leader's work in `PostgresLeadership`) down to `PostgresSendLimiter`,
/// which hands it to `book_send`: the check is part of the statement that books the send, not
/// a round trip of its own. A replica paused past its lease (or its leadership), whose work
/// was taken over meanwhile, finds its booking refused when it resumes and sends nothing.
/// `SendPacer` (one process, no database) ignores it.
public struct SendFence: Sendable {
    /// The lease a chat's worker holds.
    public struct ChatLease: Sendable {
        public var chatID: Int64
        public var epoch: Int64
        /// Whether the lease is surely still this replica's by its own reckoning (taken or
        /// confirmed less than half a lease ago): for what no statement books — the reply
        /// inline in a webhook response, a send while the database cannot be asked.
        public var isSure: @Sendable () -> Bool
    }

    /// The leadership a role's work runs under.
    public struct Leader: Sendable {
        public var role: LeaderRole
        public var epoch: Int64
    }

    public var chatLease: ChatLease?
    public var leader: Leader?
    /// The outbox row (`chat_records.id`) the message delivers, claimed by the leader's
    /// epoch when it is booked: another leader's claim is honoured for `claimGrace`.
    public var outboxRow: Int64?
    /// Tripped by a refused booking: the work stops, and the current holder sends.
    public let refusal = Refusal()

    public init(chatLease: ChatLease? = nil, leader: Leader? = nil, outboxRow: Int64? = nil) {
        self.chatLease = chatLease
        self.leader = leader
        self.outboxRow = outboxRow
    }

    /// The fence of the work under way; nil outside fenced work.
    @TaskLocal public static var current: SendFence?

    /// Whether a booking was refused under this fence.
    public final class Refusal: Sendable {
        private let tripped = Atomic(false)

        public var isTripped: Bool { tripped.load(ordering: .acquiring) }

        func trip() { tripped.store(true, ordering: .releasing) }
    }

    /// Thrown by a booking the fence refused: the lease or the leadership is no longer this
    /// replica's (or the outbox row is another leader's).
    public struct Refused: Error, CustomStringConvertible {
        public var description: String {
            "the send was refused: this replica no longer holds the chat's lease or the leadership"
        }
    }
}
