import Synchronization

/// The exchange requests made on behalf of one piece of work (a command, an inline
/// query), counted by the gateway while the tally is `current`: what the work cost
/// upstream, so a chat can be charged for it. A cache hit, or a load another caller
/// started, costs nothing.
public final class RequestTally: Sendable {
    @TaskLocal public static var current: RequestTally?

    private let count = Atomic<Int>(0)

    public init() {}

    /// Requests sent so far (retries included: each one left for the exchange).
    public var requests: Int { count.load(ordering: .relaxed) }

    func add(_ requests: Int) {
        count.add(requests, ordering: .relaxed)
    }
}
