/// What an exchange's bulk answers (all perpetual tickers, all open interest) say about one
/// perpetual: the readings alerts watch, for every symbol at the price of one or two
/// requests. A field the bulk answer does not carry is nil, and is read per symbol instead.
public struct PerpReading: Sendable, Equatable {
    /// A fraction per funding interval (`0.0001` is 0.01 %).
    public var fundingRate: Double?
    /// Open interest in coins.
    public var openInterestBase: Double?
    /// Epoch milliseconds of the data.
    public var time: Int64

    public init(fundingRate: Double?, openInterestBase: Double?, time: Int64) {
        self.fundingRate = fundingRate
        self.openInterestBase = openInterestBase
        self.time = time
    }
}
