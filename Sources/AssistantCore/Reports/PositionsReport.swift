import MarketEngine

/// `/positions` as data: every open perpetual position per configured exchange.
public struct PositionsReport: Sendable, Codable {
    public var exchanges: [Exchange: AccountEntry<[Position]>]

    public init(_ positions: [(Exchange, AccountService.Outcome<[Position]>)]) {
        exchanges = accountEntries(positions)
    }
}
