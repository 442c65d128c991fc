import AssistantCore
import MarketEngine
import Testing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What every store implementation must do, written once against the protocols. A test
/// suite per implementation runs each check on a fresh, empty set of stores:
///
/// ```swift
/// @Test(arguments: StoreConformance.checks)
/// func conforms(_ check: StoreConformance.Check) async throws {
///     try await check.run(on: freshStores())
/// }
/// ```
public enum StoreConformance {
    public struct Check: Sendable, CustomTestStringConvertible {
        public let name: String
        let body: @Sendable (Stores) async throws -> Void

        public var testDescription: String { name }

        public func run(on stores: Stores) async throws {
            try await body(stores)
        }
    }

    public static let checks: [Check] = journal + preferences + equity + records

    // MARK: UpdateJournal

    static let journal: [Check] = [
        Check(name: "journal: an id is accepted once, its redelivery refused") { (stores: Stores) async throws in
            #expect(try await stores.journal.begin(updateID: 1, payload: Array("one".utf8)))
            #expect(try await stores.journal.begin(updateID: 2, payload: []))
            #expect(try await stores.journal.begin(updateID: 1, payload: Array("again".utf8)) == false)
            let pending = try await stores.journal.pending()
            #expect(pending.map(\.updateID) == [1, 2])
            #expect(
                pending.map(\.payload) == [Array("one".utf8), []], "the first payload kept; an empty one stays empty")
        },
        Check(name: "journal: pending is in id order, whatever the arrival order") { (stores: Stores) async throws in
            for id: Int64 in [30, 10, 20] { _ = try await stores.journal.begin(updateID: id, payload: [UInt8(id)]) }
            let pending = try await stores.journal.pending()
            #expect(pending.map(\.updateID) == [10, 20, 30])
            #expect(pending.map(\.payload) == [[10], [20], [30]])
        },
        Check(name: "journal: an answered id leaves pending and stays known until pruned") {
            (stores: Stores) async throws in
            _ = try await stores.journal.begin(updateID: 1, payload: [1])
            _ = try await stores.journal.begin(updateID: 2, payload: [2])
            try await stores.journal.complete(updateID: 1)
            #expect(try await stores.journal.isDone(updateID: 1) == true)
            #expect(try await stores.journal.isDone(updateID: 2) == false)
            #expect(try await stores.journal.isDone(updateID: 3) == nil)
            #expect(try await stores.journal.pending().map(\.updateID) == [2])
            #expect(try await stores.journal.begin(updateID: 1, payload: [1]) == false, "answered: still a duplicate")
            #expect(try await stores.journal.prune(olderThan: 3600) == 0, "answered just now: kept for dedupe")
            #expect(try await stores.journal.prune(olderThan: -3600) == 1, "only the answered row goes")
            #expect(try await stores.journal.isDone(updateID: 1) == nil)
            #expect(try await stores.journal.pending().map(\.updateID) == [2], "unanswered rows are never pruned")
        },
        Check(name: "journal: of concurrent begins of one id exactly one wins") { (stores: Stores) async throws in
            let journal = stores.journal
            let firsts = try await withThrowingTaskGroup(of: Bool.self) { group in
                for id in 0..<400 { group.addTask { try await journal.begin(updateID: Int64(id % 200), payload: [1]) } }
                return try await group.reduce(into: 0) { count, first in count += first ? 1 : 0 }
            }
            #expect(firsts == 200, "each of the 200 ids accepted once, its duplicate refused")
            #expect(try await journal.pending().count == 200)
        },
    ]

    // MARK: ChatPreferencesStore

    static let preferences: [Check] = [
        Check(name: "preferences: a chat that never chose has the defaults") { (stores: Stores) async throws in
            #expect(try await stores.preferences.preferences(for: 42) == ChatPreferences())
        },
        Check(name: "preferences: a choice is kept per chat, and the default forgets it") {
            (stores: Stores) async throws in
            try await stores.preferences.setPreferences(ChatPreferences(exchange: .okx), for: 1)
            try await stores.preferences.setPreferences(ChatPreferences(exchange: .bybit), for: -100)
            #expect(try await stores.preferences.preferences(for: 1).exchange == .okx)
            #expect(try await stores.preferences.preferences(for: -100).exchange == .bybit)
            try await stores.preferences.setPreferences(ChatPreferences(exchange: .binance), for: 1)
            #expect(try await stores.preferences.preferences(for: 1).exchange == .binance)
            try await stores.preferences.setPreferences(ChatPreferences(), for: 1)
            #expect(try await stores.preferences.preferences(for: 1) == ChatPreferences())
            #expect(try await stores.preferences.preferences(for: -100).exchange == .bybit)
        },
    ]

    // MARK: EquityHistoryStore

    static let equity: [Check] = [
        Check(name: "equity: snapshots per day and exchange, exact, the later one replacing") {
            (stores: Stores) async throws in
            #expect(try await stores.equity.firstDay() == nil)
            #expect(try await stores.equity.equity(on: "2026-11-01").isEmpty)
            let exact = Decimal(string: "1234.567890123456789")!
            try await stores.equity.record(day: "2026-11-02", exchange: .okx, equity: exact)
            try await stores.equity.record(day: "2026-11-01", exchange: .binance, equity: 10)
            try await stores.equity.record(day: "2026-11-01", exchange: .binance, equity: 12)
            try await stores.equity.record(day: "2026-11-01", exchange: .bybit, equity: 5)
            #expect(try await stores.equity.equity(on: "2026-11-01") == [.binance: 12, .bybit: 5])
            #expect(try await stores.equity.equity(on: "2026-11-02") == [.okx: exact])
            #expect(try await stores.equity.firstDay() == "2026-11-01")
        }
    ]

    // MARK: ChatRecordStore

    static let records: [Check] = [
        Check(name: "records: kept per chat in order, ids unique across chats") { (stores: Stores) async throws in
            let first = try #require(try await stores.alerts.add(chatID: 1, payload: [1], limit: 10))
            let other = try #require(try await stores.alerts.add(chatID: 2, payload: [2], limit: 10))
            let second = try #require(try await stores.alerts.add(chatID: 1, payload: [3], limit: 10))
            #expect(Set([first.id, other.id, second.id]).count == 3)
            #expect(try await stores.alerts.records(chatID: 1) == [first, second])
            #expect(try await stores.alerts.records(chatID: 2) == [other])
            #expect(try await stores.alerts.records(chatID: 3).isEmpty)
            #expect(
                try await stores.alerts.allRecords().map(\.id).sorted() == [first.id, other.id, second.id].sorted())
            #expect(first.chatID == 1 && first.payload == [1] && first.createdAt > 1_700_000_000)
        },
        Check(name: "records: a chat at its limit gets nil, others are unaffected") { (stores: Stores) async throws in
            for index in 0..<3 {
                #expect(try await stores.alerts.add(chatID: 7, payload: [UInt8(index)], limit: 3) != nil)
            }
            #expect(try await stores.alerts.add(chatID: 7, payload: [9], limit: 3) == nil)
            #expect(try await stores.alerts.add(chatID: 8, payload: [9], limit: 3) != nil)
            #expect(try await stores.alerts.records(chatID: 7).count == 3)
        },
        Check(name: "records: concurrent adds never pass the limit") { (stores: Stores) async throws in
            let alerts = stores.alerts
            let added = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 { group.addTask { try await alerts.add(chatID: 5, payload: [5], limit: 10) != nil } }
                return try await group.reduce(into: 0) { count, added in count += added ? 1 : 0 }
            }
            #expect(added == 10)
            #expect(try await alerts.records(chatID: 5).count == 10)
        },
        Check(name: "records: removal by id is for its own chat and succeeds once") { (stores: Stores) async throws in
            let record = try #require(try await stores.alerts.add(chatID: 1, payload: [1], limit: 10))
            #expect(try await stores.alerts.remove(id: record.id, chatID: 2) == false, "another chat's id")
            #expect(try await stores.alerts.remove(id: record.id, chatID: 1))
            #expect(try await stores.alerts.remove(id: record.id, chatID: 1) == false)
            #expect(try await stores.alerts.records(chatID: 1).isEmpty)
        },
        Check(name: "records: of concurrent claims of one row exactly one wins") { (stores: Stores) async throws in
            let alerts = stores.alerts
            let record = try #require(try await alerts.add(chatID: 1, payload: [1], limit: 10))
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 { group.addTask { try await alerts.remove(id: record.id, chatID: nil) } }
                return try await group.reduce(into: 0) { count, won in count += won ? 1 : 0 }
            }
            #expect(wins == 1)
        },
        Check(name: "records: modify rewrites its own chat's row; nil, a missing id or another chat's leave it") {
            (stores: Stores) async throws in
            let alerts = stores.alerts
            let record = try #require(try await alerts.add(chatID: 1, payload: [1], limit: 10))
            let neighbour = try #require(try await alerts.add(chatID: 1, payload: [9], limit: 10))
            let changed = try await alerts.modify(id: record.id, chatID: 1) { $0 + [2] }
            #expect(changed)
            let rewritten = ChatRecord(id: record.id, chatID: 1, createdAt: record.createdAt, payload: [1, 2])
            #expect(
                try await alerts.records(chatID: 1) == [rewritten, neighbour],
                "`change` got the stored payload; only that row changed, its id and time kept")
            let declined = try await alerts.modify(id: record.id, chatID: 1) { _ in nil }
            #expect(declined == false, "nil leaves the row")
            let otherChat = try await alerts.modify(id: record.id, chatID: 2) { _ in [7] }
            #expect(otherChat == false, "another chat's id")
            let missing = try await alerts.modify(id: Int64.max, chatID: 1) { _ in [7] }
            #expect(missing == false, "an id that never was")
            #expect(try await alerts.records(chatID: 1).map(\.payload) == [[1, 2], [9]])
            #expect(try await alerts.records(chatID: 2).isEmpty)
            _ = try await alerts.remove(id: record.id, chatID: 1)
            let gone = try await alerts.modify(id: record.id, chatID: 1) { _ in [7] }
            #expect(gone == false, "a removed row")
            #expect(try await alerts.records(chatID: 1) == [neighbour])
        },
        Check(name: "records: of concurrent compare-and-sets of one row exactly one wins") {
            (stores: Stores) async throws in
            let alerts = stores.alerts
            let record = try #require(try await alerts.add(chatID: 1, payload: [0], limit: 10))
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 1...20 {
                    group.addTask {
                        try await alerts.modify(id: record.id, chatID: 1) { $0 == [0] ? [UInt8(index)] : nil }
                    }
                }
                return try await group.reduce(into: 0) { count, won in count += won ? 1 : 0 }
            }
            #expect(wins == 1, "each later caller saw the winner's payload, not the original")
            let payload = try await alerts.records(chatID: 1).map(\.payload)
            #expect(payload.count == 1 && payload != [[0]])
        },
        Check(name: "records: concurrent modifies of one row each see the previous one's write") {
            (stores: Stores) async throws in
            let alerts = stores.alerts
            let record = try #require(try await alerts.add(chatID: 1, payload: [0], limit: 10))
            let changed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await alerts.modify(id: record.id, chatID: 1) { [($0.first ?? 0) + 1] } }
                }
                return try await group.reduce(into: 0) { count, landed in count += landed ? 1 : 0 }
            }
            #expect(changed == 20)
            #expect(try await alerts.records(chatID: 1).map(\.payload) == [[20]], "no increment lost")
        },
        Check(name: "records: removing all of a chat's rows leaves the others") { (stores: Stores) async throws in
            for _ in 0..<3 { _ = try await stores.alerts.add(chatID: 1, payload: [1], limit: 10) }
            let kept = try #require(try await stores.alerts.add(chatID: 2, payload: [2], limit: 10))
            #expect(try await stores.alerts.removeAll(chatID: 1) == 3)
            #expect(try await stores.alerts.removeAll(chatID: 1) == 0)
            #expect(try await stores.alerts.allRecords() == [kept])
        },
    ]
}
