import AssistantTesting
import MarketEngine
import Synchronization
import Testing

@testable import AssistantCore

/// The outbox's delivery: each chat's messages in order, and a backlog sent over several
/// passes — a pass stops starting messages when its time is spent, keeping the rest.
@Suite struct AlertOutboxTests {
    /// Journals `count` messages for each of `chats`.
    func journal(_ chats: [Int64], count: Int, in stores: Stores) async throws {
        for chat in chats {
            for index in 0..<count {
                let fired = FiredAlert(
                    alertID: chat * 100 + Int64(index), base: "BTC", exchange: .binance,
                    condition: .price(.above, level: 1), value: 2, firedAt: 1_000)
                _ = try await stores.firedAlerts.add(chatID: chat, payload: fired.payload, limit: 1000)
            }
        }
    }

    @Test func aPassWhoseTimeIsSpentKeepsTheRestForTheNextInEachChatsOrder() async throws {
        let stores = MemoryStores().stores
        let outbox = AlertOutbox(alerts: stores.alerts, fired: stores.firedAlerts)
        try await journal([1, 2, 3], count: 4, in: stores)
        let sent = Mutex<[(Int64, Int64)]>([])
        // The pass's time runs out after five messages.
        let first = try await outbox.deliver(chatsAtOnce: 1, while: { sent.withLock { $0.count } < 5 }) {
            chat, alert, _ in
            sent.withLock { $0.append((chat, alert.alertID!)) }
            return .sent
        }
        #expect(first == 5)
        #expect(try await stores.firedAlerts.allRecords().count == 7, "the rest is kept")
        // The next pass goes on where it stopped, each chat's messages in order.
        let second = try await outbox.deliver { chat, alert, _ in
            sent.withLock { $0.append((chat, alert.alertID!)) }
            return .sent
        }
        #expect(second == 7)
        #expect(try await stores.firedAlerts.allRecords().isEmpty)
        let order = sent.withLock { $0 }
        for chat in Int64(1)...3 {
            let ids = order.filter { $0.0 == chat }.map(\.1)
            #expect(ids == (0..<4).map { chat * 100 + Int64($0) }, "chat \(chat): \(ids)")
        }
    }
}
