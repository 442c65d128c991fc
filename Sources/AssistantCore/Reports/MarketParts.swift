import MarketEngine

/// A value read for one market of a pair, with the instrument it was read for.
struct MarketPart<Value: Sendable>: Sendable {
    var instrument: Instrument
    var value: Value
}

/// The spot and perp halves of a report: either may fail; both failing fails the report.
struct MarketParts<Value: Sendable> {
    var spot: Value?
    var perp: Value?
    var failures: [Market: MarketFailure] = [:]
    /// The pair as the first part that answered names it.
    var pair: String?

    init(spot: Result<MarketPart<Value>, any Error>, perp: Result<MarketPart<Value>, any Error>) throws(MarketFailure) {
        if case .failure(let error) = spot, case .failure = perp { throw MarketFailure(error) }
        for (market, result) in [(Market.spot, spot), (.perp, perp)] {
            switch result {
            case .success(let part):
                if market == .spot { self.spot = part.value } else { self.perp = part.value }
                pair = pair ?? part.instrument.pair
            case .failure(let error):
                failures[market] = MarketFailure(error)
            }
        }
    }
}
