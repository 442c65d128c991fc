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
                let report = try await report(
                    chatID: chat.record.chatID, day: chat.day, zone: chat.schedule.zone,
                    language: chat.schedule.language, bases: chat.bases, watching: chat.watching, snapshot: snapshot)
                if try await post(report, chat) { posted += 1 }
            }
        }
        return posted
    }

    /// A chat's digest of `bases` cut from `snapshot`, with what fired there in the last day.
    private func report(
        chatID: Int64, day: LocalDate, zone: String, language: Language, bases: [String], watching: Bool,
        snapshot: MarketSnapshot
    ) async throws -> DigestReport {
        DigestReport(
            day: day.description, zone: zone, exchange: snapshot.exchange, watchlist: watching,
            rows: snapshot.rows(bases), fired: try await log.fired(in: chatID, since: snapshot.at - 86_400_000),
            at: snapshot.at, language: language)
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
        return try await report(
            chatID: chatID, day: rules.local(at: now).date, zone: zone, language: language, bases: bases,
            watching: watching, snapshot: snapshot)
    }
}
