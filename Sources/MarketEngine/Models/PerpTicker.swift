/// Mark, index and funding of a perpetual swap.
public struct PerpTicker: Sendable, Equatable, Codable {
    public var instrument: Instrument
    public var markPrice: Double
    public var indexPrice: Double
    /// Fraction per funding interval (`0.0001` = 0.01 %).
    public var fundingRate: Double
    /// Milliseconds since 1970.
    public var nextFundingTime: Int64
    public var fundingIntervalHours: Double
    public var time: Int64

    public init(
        instrument: Instrument, markPrice: Double, indexPrice: Double, fundingRate: Double, nextFundingTime: Int64,
        fundingIntervalHours: Double, time: Int64
    ) {
        self.instrument = instrument
        self.markPrice = markPrice
        self.indexPrice = indexPrice
        self.fundingRate = fundingRate
        self.nextFundingTime = nextFundingTime
        self.fundingIntervalHours = fundingIntervalHours
        self.time = time
    }

    /// Funding over a year at the current rate, as a fraction.
    public var annualizedFundingRate: Double {
        fundingIntervalHours > 0 ? fundingRate * (24 * 365 / fundingIntervalHours) : 0
    }
}
