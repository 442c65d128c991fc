import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `/balance` as data: every configured exchange's account, and the dust threshold below
/// which assets were left out.
public struct BalanceReport: Sendable, Codable {
    public var exchanges: [Exchange: AccountEntry<AccountBalance>]
    public var dustUSD: Decimal

    public init(_ balances: [(Exchange, AccountService.Outcome<AccountBalance>)], dustUSD: Decimal) {
        exchanges = accountEntries(balances)
        self.dustUSD = dustUSD
    }

    /// The equity of the exchanges that answered.
    public var totalEquity: Decimal {
        Exchange.allCases.reduce(0) { $0 + (exchanges[$1]?.value?.totalEquity ?? 0) }
    }
}
