import AssistantCore
import MarketEngine
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The store protocols in memory, for unit tests of what sits above them (the dispatcher,
/// commands). They pass `StoreConformance` like the real ones, so a test that uses them
/// relies on the same behaviour.
public final class MemoryStores: Sendable {
    private struct State {
        var updates: [Int64: (done: Bool, receivedAt: Int64, payload: [UInt8])] = [:]
        var preferences: [Int64: ChatPreferences] = [:]
        var equity: [String: [Exchange: Decimal]] = [:]
        var records: [String: [ChatRecord]] = [:]
        var nextRecordID: Int64 = 1
    }

    private let state = Mutex(State())
    /// Rows' times (seconds since 1970) are read from it.
    private let clock: AppClock

    public init(clock: AppClock = .system) {
        self.clock = clock
    }

    public var stores: Stores {
        Stores(
            journal: Journal(owner: self), preferences: Preferences(owner: self), equity: Equity(owner: self),
            alerts: Records(owner: self, kind: "alert"), firedAlerts: Records(owner: self, kind: "alert-fired"),
            pausedChats: Records(owner: self, kind: "alerts-paused"), watchlists: Records(owner: self, kind: "watch"),
            digests: Records(owner: self, kind: "digest"), quietHours: Records(owner: self, kind: "quiet"),
            alertLog: Records(owner: self, kind: "alert-log"),
            close: {})
    }

    struct Journal: UpdateJournal {
        let owner: MemoryStores

        func begin(updateID: Int64, payload: [UInt8]) async throws -> Bool {
            let now = owner.clock.wallSeconds
            return owner.state.withLock { state in
                guard state.updates[updateID] == nil else { return false }
                state.updates[updateID] = (false, now, payload)
                return true
            }
        }

        func complete(updateID: Int64) async throws {
            owner.state.withLock { state in
                if let row = state.updates[updateID] { state.updates[updateID] = (true, row.receivedAt, []) }
            }
        }

        func pending() async throws -> [JournaledUpdate] {
            owner.state.withLock { state in
                state.updates.filter { !$0.value.done }.sorted { $0.key < $1.key }.map {
                    JournaledUpdate(updateID: $0.key, payload: $0.value.payload)
                }
            }
        }

        func prune(olderThan age: Int64) async throws -> Int {
            let cutoff = owner.clock.wallSeconds - age
            return owner.state.withLock { state in
                let doomed = state.updates.filter { $0.value.done && $0.value.receivedAt < cutoff }.map(\.key)
                for id in doomed { state.updates[id] = nil }
                return doomed.count
            }
        }

        func isDone(updateID: Int64) async throws -> Bool? {
            owner.state.withLock { $0.updates[updateID]?.done }
        }
    }

    struct Preferences: ChatPreferencesStore {
        let owner: MemoryStores

        func preferences(for chatID: Int64) async throws -> ChatPreferences {
            owner.state.withLock { $0.preferences[chatID] ?? ChatPreferences() }
        }

        func setPreferences(_ preferences: ChatPreferences, for chatID: Int64) async throws {
            owner.state.withLock { $0.preferences[chatID] = preferences == ChatPreferences() ? nil : preferences }
        }
    }

    struct Equity: EquityHistoryStore {
        let owner: MemoryStores

        func record(day: String, exchange: Exchange, equity: Decimal) async throws {
            owner.state.withLock { $0.equity[day, default: [:]][exchange] = equity }
        }

        func equity(on day: String) async throws -> [Exchange: Decimal] {
            owner.state.withLock { $0.equity[day] ?? [:] }
        }

        func firstDay() async throws -> String? {
            owner.state.withLock { $0.equity.keys.min() }
        }
    }

    struct Records: ChatRecordStore {
        let owner: MemoryStores
        let kind: String

        func add(chatID: Int64, payload: [UInt8], limit: Int) async throws -> ChatRecord? {
            let now = owner.clock.wallSeconds
            return owner.state.withLock { state in
                guard state.records[kind, default: []].count(where: { $0.chatID == chatID }) < limit else { return nil }
                let record = ChatRecord(id: state.nextRecordID, chatID: chatID, createdAt: now, payload: payload)
                state.nextRecordID += 1
                state.records[kind, default: []].append(record)
                return record
            }
        }

        func records(chatID: Int64) async throws -> [ChatRecord] {
            owner.state.withLock { $0.records[kind, default: []].filter { $0.chatID == chatID } }
        }

        func allRecords() async throws -> [ChatRecord] {
            owner.state.withLock { $0.records[kind, default: []] }
        }

        func remove(id: Int64, chatID: Int64?) async throws -> Bool {
            owner.state.withLock { state in
                guard
                    let index = state.records[kind, default: []].firstIndex(where: {
                        $0.id == id && (chatID == nil || $0.chatID == chatID)
                    })
                else { return false }
                state.records[kind, default: []].remove(at: index)
                return true
            }
        }

        func modify(id: Int64, chatID: Int64, _ change: @escaping @Sendable ([UInt8]) -> [UInt8]?)
            async throws -> Bool
        {
            // `change` runs under the lock, so racing callers take turns as on a row lock.
            owner.state.withLock { state in
                guard
                    let index = state.records[kind, default: []].firstIndex(where: {
                        $0.id == id && $0.chatID == chatID
                    }),
                    let changed = change(state.records[kind, default: []][index].payload)
                else { return false }
                state.records[kind, default: []][index].payload = changed
                return true
            }
        }

        func removeAll(chatID: Int64) async throws -> Int {
            owner.state.withLock { state in
                let before = state.records[kind, default: []].count
                state.records[kind, default: []].removeAll { $0.chatID == chatID }
                return before - state.records[kind, default: []].count
            }
        }
    }
}
