/// Fires alerts and delivers their messages once, across crashes and several evaluators.
///
/// Firing journals the message first (a row in `fired`) and then claims the alert by
/// removing it: `remove` answers true to one caller, so of evaluators racing one fires it
/// (the others drop their row). Delivery removes the alert again (a crash between the two
/// steps left it), sends, and only then drops the row. A crash before the send sends it
/// after the restart; only a crash between the send and the drop repeats it.
public struct AlertOutbox: Sendable {
    /// What happened to one message.
    public enum Delivery: Sendable, Equatable {
        case sent
        /// Refused for good (the bot was blocked, the chat is gone): dropped.
        case refused
        /// Not now (shutdown, the Bot API unreachable): kept for the next pass.
        case later
    }

    /// Messages waiting per chat at most; beyond it an alert fires without a message.
    public static let limitPerChat = 1000

    let alerts: any ChatRecordStore
    let fired: any ChatRecordStore

    public init(alerts: any ChatRecordStore, fired: any ChatRecordStore) {
        self.alerts = alerts
        self.fired = fired
    }

    /// Journals and claims each firing; returns how many this call fired.
    public func fire(_ firings: [(chatID: Int64, alert: FiredAlert)]) async throws -> Int {
        var count = 0
        for firing in firings {
            guard
                let row = try await fired.add(
                    chatID: firing.chatID, payload: firing.alert.payload, limit: Self.limitPerChat)
            else {
                _ = try await alerts.remove(id: firing.alert.alertID, chatID: firing.chatID)
                continue
            }
            if try await alerts.remove(id: firing.alert.alertID, chatID: firing.chatID) {
                count += 1
            } else {
                // Deleted meanwhile, or fired by another evaluator.
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
            }
        }
        return count
    }

    /// Sends every journaled message, oldest first; returns how many were sent.
    public func deliver(_ send: (Int64, FiredAlert) async -> Delivery) async throws -> Int {
        var sent = 0
        for row in try await fired.allRecords() {
            guard let alert = FiredAlert(payload: row.payload) else {
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
                continue
            }
            _ = try await alerts.remove(id: alert.alertID, chatID: row.chatID)
            switch await send(row.chatID, alert) {
            case .sent:
                sent += 1
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
            case .refused:
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
            case .later:
                return sent
            }
        }
        return sent
    }
}
