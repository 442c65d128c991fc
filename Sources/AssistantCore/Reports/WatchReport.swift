import MarketEngine

/// `/watch` as data: what the request changed and the watchlist after it, each coin with
/// its readings on the chat's exchange.
public struct WatchReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        case shown
        case changed
        /// Not a chat (a button under an inline-mode message).
        case noChat
        /// The store could not be read or written.
        case unreadable
    }

    public var outcome: Outcome
    public var added: [String] = []
    public var removed: [String] = []
    /// Past `Watchlist.limit`: not added.
    public var refused: [String] = []
    /// Words that are no coin listed on the exchange (or, removing, not watched).
    public var unknown: [String] = []
    /// `/watch remove …`.
    public var removing = false
    /// The watchlist after the request.
    public var table: WatchTable?

    public init(outcome: Outcome, table: WatchTable? = nil) {
        self.outcome = outcome
        self.table = table
    }
}

/// A chat's watched coins on one exchange: `/watch`, and `/price` without a symbol.
public struct WatchTable: Sendable {
    public var exchange: Exchange
    public var rows: [MarketRow]
    /// When the readings were taken, milliseconds since 1970.
    public var at: Int64

    public init(exchange: Exchange, rows: [MarketRow], at: Int64) {
        self.exchange = exchange
        self.rows = rows
        self.at = at
    }

    public static func make(_ bases: [String], on exchange: Exchange, engine: MarketEngine) async -> WatchTable {
        let snapshot = await MarketSnapshot.read(Set(bases), on: exchange, engine: engine)
        return WatchTable(exchange: exchange, rows: snapshot.rows(bases), at: snapshot.at)
    }
}
