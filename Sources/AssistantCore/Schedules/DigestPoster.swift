import MarketEngine

/// Posts the daily digests that are due: the alert leader calls `postDue` every pass. Each
/// due chat's digest is built from readings shared by every chat due with it (one
/// `MarketSnapshot` per exchange for the coins they watch together), journaled in the
/// outbox and only then claimed for its day in the schedule's row — of two leaders racing,
/// one claims it and the other withdraws its copy; a crash between the two posts it again
/// at the next pass, where the claim is what stops a second.
public struct DigestPoster: Sendable {
    let schedules: any ChatRecordStore
    let watchlist: Watchlist
    let log: AlertLog
    let outbox: AlertOutbox
    let engine: MarketEngine

    public init(stores: Stores, engine: MarketEngine) {
        schedules = stores.digests
        watchlist = Watchlist(store: stores.watchlists)
        log = AlertLog(store: stores.alertLog)
        outbox = AlertOutbox(alerts: stores.alerts, fired: stores.firedAlerts)
        self.engine = engine
    }

    /// A schedule due now, with its row and the day it is due for.
    struct Due {
        var record: ChatRecord
        var schedule: DigestSchedule
        var day: LocalDate
        var bases: [String] = []
        /// Its own watchlist (else the top 10).
        var watching = true
    }

    /// Journals and claims every digest due now, skipping `paused` chats; returns how many
    /// were posted.
    @discardableResult
    public func postDue(skipping paused: Set<Int64> = []) async throws -> Int {
        let now = engine.clock.wallMilliseconds / 1000
        var due: [Due] = []
        for record in try await schedules.allRecords() where !paused.contains(record.chatID) {
            guard let schedule = DigestSchedule(payload: record.payload),
                let day = schedule.dueDay(at: now, rules: ZoneRules.named(schedule.zone) ?? .utc)
            else { continue }
            due.append(Due(record: record, schedule: schedule, day: day))
        }
        guard !due.isEmpty else { return 0 }
        var posted = 0
        for (exchange, chats) in Dictionary(grouping: due, by: \.schedule.exchange) {
            var chats = chats
            var top: [String]?
            for index in chats.indices {
                var bases = try await watchlist.bases(of: chats[index].record.chatID)
                if bases.isEmpty {
                    if top == nil { top = await MarketSnapshot.topBases(on: exchange, engine: engine) }
                    bases = top ?? []
                    chats[index].watching = false
                }
                chats[index].bases = bases
            }
            let snapshot = await MarketSnapshot.read(
                Set(chats.flatMap(\.bases)), on: exchange, engine: engine, openInterest: true)
            for chat in chats {
                let report = try await report(for: chat, snapshot: snapshot, watchlist: chat.watching)
                if try await post(report, chat) { posted += 1 }
            }
        }
        return posted
    }

    private func report(for chat: Due, snapshot: MarketSnapshot, watchlist watching: Bool) async throws -> DigestReport
    {
        let since = snapshot.at - 86_400_000
        return DigestReport(
            day: chat.day.description, zone: chat.schedule.zone, exchange: snapshot.exchange, watchlist: watching,
            rows: snapshot.rows(chat.bases), fired: try await log.fired(in: chat.record.chatID, since: since),
            at: snapshot.at, language: chat.schedule.language)
    }

    private func post(_ report: DigestReport, _ chat: Due) async throws -> Bool {
        guard let row = try await outbox.post(report, chatID: chat.record.chatID) else { return false }
        let day = chat.day
        if try await schedules.modify(
            id: chat.record.id, chatID: chat.record.chatID, { DigestSchedule.claim($0, day: day) })
        {
            return true
        }
        try await outbox.withdraw(row)
        return false
    }

    /// A digest of `chatID` now (`/digest now`), as the schedule's would be.
    public func digest(
        for chatID: Int64, exchange: Exchange, zone: String, language: Language
    ) async throws -> DigestReport {
        let rules = ZoneRules.named(zone) ?? .utc
        let now = engine.clock.wallMilliseconds / 1000
        var bases = try await watchlist.bases(of: chatID)
        let watching = !bases.isEmpty
        if bases.isEmpty { bases = await MarketSnapshot.topBases(on: exchange, engine: engine) }
        let snapshot = await MarketSnapshot.read(Set(bases), on: exchange, engine: engine, openInterest: true)
        let schedule = DigestSchedule(minuteOfDay: 0, zone: zone, exchange: exchange, language: language)
        var chat = Due(
            record: ChatRecord(id: 0, chatID: chatID, createdAt: now, payload: []), schedule: schedule,
            day: rules.local(at: now).date)
        chat.bases = bases
        chat.watching = watching
        return try await report(for: chat, snapshot: snapshot, watchlist: chat.watching)
    }
}
