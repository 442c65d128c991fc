import MarketEngine

/// The one writer of the daily equity snapshots. The background pass asks it once an hour
/// (`snapshotIfMissing`), which records today's equity when nothing has yet; `/balance` and
/// `/pnl`, which have just read fresh balances, hand them over (`record`) instead of
/// writing the store themselves.
public struct EquitySnapshotter: Sendable {
    public let store: any EquityHistoryStore
    let accounts: AccountService

    public init(store: any EquityHistoryStore, accounts: AccountService) {
        self.store = store
        self.accounts = accounts
    }

    /// Records today's equity of every exchange that answered; today's earlier value is replaced.
    public func record(_ balances: [(Exchange, AccountService.Outcome<AccountBalance>)], now: Int64) async {
        let day = EquityDay.of(milliseconds: now)
        for (exchange, outcome) in balances {
            if case .value(let balance) = outcome {
                try? await store.record(day: day, exchange: exchange, equity: balance.totalEquity)
            }
        }
    }

    /// Reads the balances and records them when today has no snapshot yet; true when it did.
    @discardableResult
    public func snapshotIfMissing(now: Int64) async -> Bool {
        guard !accounts.configured.isEmpty else { return false }
        guard (try? await store.equity(on: EquityDay.of(milliseconds: now)))?.isEmpty ?? false else { return false }
        await record(await accounts.balances(), now: now)
        return true
    }
}
