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

    /// What one send carries: a fired alert, the alerts a chat's quiet hours held (one
    /// message when they end), or a daily digest.
    public enum Message: Sendable {
        case alert(FiredAlert)
        case collected([FiredAlert])
        case digest(DigestReport)

        /// The alert's id of a lone alert (tests, logs).
        public var alertID: Int64? {
            if case .alert(let alert) = self { return alert.alertID }
            return nil
        }
    }

    /// Alerts collected into one message at most (the rest go in the next).
    static let collectedPerMessage = 30

    let alerts: any ChatRecordStore
    let fired: any ChatRecordStore

    public init(alerts: any ChatRecordStore, fired: any ChatRecordStore) {
        self.alerts = alerts
        self.fired = fired
    }

    /// Journals and claims each firing; returns how many this call fired. A one-shot alert
    /// is claimed by removing it, a repeating one by recording the firing in it (`modify`:
    /// one evaluator of several wins, the others find its cooldown running).
    public func fire(_ firings: [(chatID: Int64, alert: FiredAlert)]) async throws -> Int {
        var count = 0
        for firing in firings {
            guard
                let row = try await fired.add(
                    chatID: firing.chatID, payload: firing.alert.payload, limit: Self.limitPerChat)
            else {
                _ = try await claim(firing.alert, chatID: firing.chatID)
                continue
            }
            if try await claim(firing.alert, chatID: firing.chatID) {
                count += 1
            } else {
                // Deleted meanwhile, or fired by another evaluator.
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
            }
        }
        return count
    }

    private func claim(_ alert: FiredAlert, chatID: Int64) async throws -> Bool {
        guard alert.repeats else { return try await alerts.remove(id: alert.alertID, chatID: chatID) }
        let (id, value, now) = (alert.alertID, alert.value, alert.firedAt)
        return try await alerts.modify(id: id, chatID: chatID) {
            Alert.claim($0, id: id, chatID: chatID, value: value, at: now)
        }
    }

    /// The claim made again before a send: a crash between journaling and claiming left it
    /// undone (a one-shot alert still there, a repeating one without this firing).
    private func reclaim(_ alert: FiredAlert, chatID: Int64) async throws {
        guard alert.repeats else {
            _ = try await alerts.remove(id: alert.alertID, chatID: chatID)
            return
        }
        let (id, value, firedAt) = (alert.alertID, alert.value, alert.firedAt)
        _ = try await alerts.modify(id: id, chatID: chatID) {
            Alert.confirm($0, id: id, chatID: chatID, value: value, at: firedAt)
        }
    }

    /// Re-arms repeating alerts whose reading went back across their level.
    public func rearm(_ rearmed: [Alert]) async throws {
        for alert in rearmed {
            let (id, chatID) = (alert.id, alert.chatID)
            _ = try await alerts.modify(id: id, chatID: chatID) { Alert.rearm($0, id: id, chatID: chatID) }
        }
    }

    /// Journals a chat's digest, to be sent like a fired alert (after a crash, too).
    public func post(_ digest: DigestReport, chatID: Int64) async throws -> ChatRecord? {
        try await fired.add(chatID: chatID, payload: digest.outboxPayload, limit: Self.limitPerChat)
    }

    /// Drops a journaled message (a digest whose day another leader claimed first).
    public func withdraw(_ row: ChatRecord) async throws {
        _ = try await fired.remove(id: row.id, chatID: row.chatID)
    }

    /// Sends every journaled message, each chat's oldest first, up to `chatsAtOnce` chats at
    /// a time: one chat's flood control, errors or slowness hold back only that chat.
    /// Chats `skipping` says are left for a later pass (held, paused). `send` is given the
    /// chat, the message and its row's id (what a leader claims it by). Once `continuing`
    /// says no (the pass's time for delivery is spent), no further message is started: a
    /// backlog is sent over several passes, at Telegram's pace, and does not hold back the
    /// evaluation of every alert meanwhile. The alerts of chats `collecting` says (their
    /// quiet hours held them) go as one message. Returns how many were sent.
    public func deliver(
        chatsAtOnce: Int = 16, skipping: @escaping @Sendable (Int64) -> Bool = { _ in false },
        collecting: @escaping @Sendable (Int64) -> Bool = { _ in false },
        while continuing: @escaping @Sendable () -> Bool = { true },
        _ send: @escaping @Sendable (Int64, Message, Int64) async -> Delivery
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
                let collect = collecting(chat) && rows.count > 1
                group.addTask { try await deliver(rows, collecting: collect, while: continuing, send) }
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

    /// One chat's messages in order, until one is not sent; collected, its alerts in as few
    /// messages as fit.
    private func deliver(
        _ rows: [ChatRecord], collecting: Bool, while continuing: () -> Bool,
        _ send: (Int64, Message, Int64) async -> Delivery
    ) async throws -> (sent: Int, stop: Bool) {
        var sent = 0
        var pending = rows[...]
        while let row = pending.first {
            guard continuing() else { break }
            var batch = [row]
            let message: Message
            if let alert = FiredAlert(payload: row.payload) {
                try await reclaim(alert, chatID: row.chatID)
                var collected = [alert]
                if collecting {
                    for next in pending.dropFirst().prefix(Self.collectedPerMessage - 1) {
                        guard let more = FiredAlert(payload: next.payload) else { break }
                        try await reclaim(more, chatID: next.chatID)
                        collected.append(more)
                        batch.append(next)
                    }
                }
                message = collected.count > 1 ? .collected(collected) : .alert(alert)
            } else if let digest = DigestReport(outboxPayload: row.payload) {
                message = .digest(digest)
            } else {
                _ = try await fired.remove(id: row.id, chatID: row.chatID)
                pending = pending.dropFirst()
                continue
            }
            pending = pending.dropFirst(batch.count)
            switch await send(row.chatID, message, row.id) {
            case .sent:
                sent += batch.count
                for done in batch { _ = try await fired.remove(id: done.id, chatID: done.chatID) }
            case .refused:
                for done in batch { _ = try await fired.remove(id: done.id, chatID: done.chatID) }
            case .later:
                return (sent, false)
            case .stop:
                return (sent, true)
            }
        }
        return (sent, false)
    }
}
