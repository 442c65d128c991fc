import Testing

@testable import AssistantServer

/// The inline-reply deadlines as a value: every transition, with plain numbers as instants.
@Suite struct DeadlineQueueTests {
    @Test func nothingExpiresBeforeItsDeadlineAndTheNextDeadlineIsTold() {
        var queue = DeadlineQueue<Int, String>()
        #expect(queue.isEmpty)
        _ = queue.add("a", deadline: 10)
        _ = queue.add("b", deadline: 20)
        let early = queue.expire(at: 9)
        #expect(early.expired.isEmpty && early.next == 10)
        let first = queue.expire(at: 10)
        #expect(first.expired == ["a"] && first.next == 20, "due at its deadline")
        let rest = queue.expire(at: 100)
        #expect(rest.expired == ["b"] && rest.next == nil)
        #expect(queue.isEmpty)
    }

    @Test func aWithdrawnEntryNeverExpiresAndIsSkipped() {
        var queue = DeadlineQueue<Int, String>()
        let a = queue.add("a", deadline: 10)
        _ = queue.add("b", deadline: 10)
        _ = queue.add("c", deadline: 30)
        #expect(queue.withdraw(a) == "a")
        #expect(queue.withdraw(a) == nil, "once only")
        #expect(queue.count == 2)
        let due = queue.expire(at: 10)
        #expect(due.expired == ["b"] && due.next == 30)
    }

    @Test func entriesAddedAfterEverythingExpiredAreFoundAgain() {
        var queue = DeadlineQueue<Int, String>()
        _ = queue.add("a", deadline: 5)
        #expect(queue.expire(at: 5).expired == ["a"])
        #expect(queue.expire(at: 6).next == nil)
        _ = queue.add("b", deadline: 15)
        let again = queue.expire(at: 15)
        #expect(again.expired == ["b"] && again.next == nil)
    }

    @Test func removingAllHandsBackEveryEntryInOrder() {
        var queue = DeadlineQueue<Int, String>()
        for (index, item) in ["a", "b", "c"].enumerated() { _ = queue.add(item, deadline: index) }
        _ = queue.expire(at: 0)
        #expect(queue.removeAll() == ["b", "c"])
        #expect(queue.isEmpty && queue.expire(at: 99).next == nil)
    }
}
