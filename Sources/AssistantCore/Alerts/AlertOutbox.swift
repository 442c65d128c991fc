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
        /// Refused for good (the chat is gone): dropped.
        case refused
        /// Not now (flood control, the Bot API unreachable, the chat paused, shutdown): kept,
        /// and the chat's later messages wait behind it.
        case later
        /// No chat can be sent to now (Telegram refuses the bot token): kept, and the
        /// delivery ends.
        case stop
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

    /// Sends every journaled message, each chat's oldest first, up to `chatsAtOnce` chats at
    /// a time: one chat's flood control, errors or slowness hold back only that chat.
    /// Chats `skipping` says are left for a later pass (held, paused). `send` is given the
    /// chat, the message and its row's id (what a leader claims it by). Once `continuing`
    /// says no (the pass's time for delivery is spent), no further message is started: a
    /// backlog is sent over several passes, at Telegram's pace, and does not hold back the
    /// evaluation of every alert meanwhile. Returns how many were sent.
    public func deliver(
        chatsAtOnce: Int = 16, skipping: @escaping @Sendable (Int64) -> Bool = { _ in false },
        while continuing: @escaping @Sendable () -> Bool = { true },
        _ send: @escaping @Sendable (Int64, FiredAlert, Int64) async -> Delivery
    ) async throws -> Int {
        var order: [Int64] = []
        var byChat: [Int64: [ChatRecord]] = [:]
        for row in try await fired.allRecords() where !skipping(row.chatID) {
            if byChat[row.chatID] == nil { order.append(row.chatID) }
            byChat[row.chatID, default: []].append(row)
        }
        return try await withThrowingTaskGroup(of: (sent: Int, stop: Bool).self) { group in
            var pending = order[...]
            var sent = 0
            func startNext() {
                guard continuing(), let chat = pending.popFirst(), let rows = byChat[chat] else { return }
                group.addTask { try await deliver(rows, while: continuing, send) }
            }
            for _ in 0..<max(1, chatsAtOnce) { startNext() }
            while let result = try await group.next() {
                sent += result.sent
                // No chat is started after a stop; sends under way finish (cancelled after
                // Telegram took it, a message would go again, or a refusal go uncounted).
                if result.stop { pending = [] }
                startNext()
            }
            return sent
        }
    }

    /// One chat's messages in order, until one is not sent.
    private func deliver(
        _ rows: [ChatRecord], while continuing: () -> Bool, _ send: (Int64, FiredAlert, Int64) async -> Delivery
    ) async throws -> (sent: Int, stop: Bool) {
        var sent = 0
        for row in rows {
            guard continuing() else { break }
            guard let alert = FiredAlert(payload: row.payload) else {
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
                continue
            }
            _ = try await alerts.remove(id: alert.alertID, chatID: row.chatID)
            switch await send(row.chatID, alert, row.id) {
            case .sent:
                sent += 1
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
            case .refused:
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
            case .later:
                return (sent, false)
            case .stop:
                return (sent, true)
            }
        }
        return (sent, false)
    }
}
