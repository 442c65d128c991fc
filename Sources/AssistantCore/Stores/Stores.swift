/// Everything the process keeps, each behind its own protocol, so that the commands, the
/// pipeline and the services do not know which database holds it (an SQLite file today;
/// another implementation passes the same conformance suite, `StoreConformance`).
public struct Stores: Sendable {
    public var journal: any UpdateJournal
    public var preferences: any ChatPreferencesStore
    public var equity: any EquityHistoryStore
    /// Alerts, rows keyed by chat.
    public var alerts: any ChatRecordStore
    /// Alerts that fired and whose message is not sent yet (`AlertOutbox`).
    public var firedAlerts: any ChatRecordStore
    /// Chats whose alerts are paused (the bot was blocked there): one row each, kept until
    /// the chat writes again.
    public var pausedChats: any ChatRecordStore
    /// The symbols a chat watches: one row per symbol.
    public var watchlists: any ChatRecordStore
    /// A chat's daily digest schedule: one row.
    public var digests: any ChatRecordStore
    /// A chat's quiet hours: one row.
    public var quietHours: any ChatRecordStore
    /// Alerts whose message was sent, kept a day for the digest.
    public var alertLog: any ChatRecordStore
    private let closeAll: @Sendable () throws -> Void

    /// How long answered update ids are kept to recognise Telegram's redeliveries (it gives
    /// up retrying well within a day).
    public static let dedupeWindowSeconds: Int64 = 48 * 3600

    public init(
        journal: any UpdateJournal, preferences: any ChatPreferencesStore, equity: any EquityHistoryStore,
        alerts: any ChatRecordStore, firedAlerts: any ChatRecordStore, pausedChats: any ChatRecordStore,
        watchlists: any ChatRecordStore, digests: any ChatRecordStore, quietHours: any ChatRecordStore,
        alertLog: any ChatRecordStore,
        close: @escaping @Sendable () throws -> Void
    ) {
        self.journal = journal
        self.preferences = preferences
        self.equity = equity
        self.alerts = alerts
        self.firedAlerts = firedAlerts
        self.pausedChats = pausedChats
        self.watchlists = watchlists
        self.digests = digests
        self.quietHours = quietHours
        self.alertLog = alertLog
        self.closeAll = close
    }

    /// Releases the database (the SQLite store checkpoints its write-ahead log first).
    public func close() throws {
        try closeAll()
    }
}
