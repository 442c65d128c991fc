/// Deadlines of one budget, in the order they were set, as a value the sweeper drives.
///
/// All deadlines are "now + the same budget" taken in order, so they never decrease: the
/// oldest ticket still registered is always the next due, and expiring is a walk from the
/// front. A wait that ends early only removes its entry.
struct DeadlineQueue<Instant: Comparable, Item> {
    private var entries: [UInt64: (deadline: Instant, item: Item)] = [:]
    private var nextTicket: UInt64 = 0
    private var oldestTicket: UInt64 = 0

    /// Deadlines still registered.
    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// Registers `item` until `deadline`, which must not be earlier than any added before.
    mutating func add(_ item: Item, deadline: Instant) -> UInt64 {
        let ticket = nextTicket
        nextTicket += 1
        entries[ticket] = (deadline, item)
        return ticket
    }

    /// Forgets an entry whose wait ended early; its item when it was still registered.
    @discardableResult
    mutating func withdraw(_ ticket: UInt64) -> Item? {
        entries.removeValue(forKey: ticket)?.item
    }

    /// Removes the entries due at `now`, oldest first, and tells the next deadline (nil:
    /// nothing left).
    mutating func expire(at now: Instant) -> (expired: [Item], next: Instant?) {
        var expired: [Item] = []
        while oldestTicket < nextTicket {
            if let entry = entries[oldestTicket] {
                if entry.deadline > now { return (expired, entry.deadline) }
                entries[oldestTicket] = nil
                expired.append(entry.item)
            }
            oldestTicket += 1
        }
        return (expired, nil)
    }

    /// Removes every entry (at shutdown), oldest first.
    mutating func removeAll() -> [Item] {
        let items = entries.sorted { $0.key < $1.key }.map(\.value.item)
        entries = [:]
        oldestTicket = nextTicket
        return items
    }
}
