/// `/alerts` as data: the chat's alerts with the value each watches now, and what a delete
/// button under the list did.
public enum AlertListReport: Sendable {
    public struct Entry: Sendable {
        public var alert: Alert
        /// The watched value now; nil when it could not be read.
        public var now: Double?
    }

    /// An alert deleted from the list, and whether it was still there.
    public struct Deletion: Sendable {
        public var id: Int64
        public var found: Bool
        /// The sender may not delete it (a group: not theirs, not an admin).
        public var notAllowed = false
    }

    case list([Entry], at: Int64, deletion: Deletion?)
    case noChat
    /// The store could not be read.
    case unreadable
}
