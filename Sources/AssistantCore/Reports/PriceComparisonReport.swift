import MarketEngine

/// `/price … all` as data: one pair on every exchange, read concurrently; an exchange that
/// failed is named with its failure and the others still answer.
public struct PriceComparisonReport: Sendable, Codable {
    /// What was asked for, for the title when no exchange knew the pair.
    public var symbol: String
    public var prices: [Exchange: PriceSnapshot]
    public var failures: [Exchange: MarketFailure]

    public init(symbol: String, prices: [Exchange: PriceSnapshot], failures: [Exchange: MarketFailure]) {
        self.symbol = symbol
        self.prices = prices
        self.failures = failures
    }

    /// The pair as the exchanges name it, else the input.
    public var pair: String {
        Exchange.allCases.lazy.compactMap { self.prices[$0]?.pair }.first ?? symbol.uppercased()
    }

    /// The newest data time among the exchanges (ms), 0 when none answered.
    public var time: Int64 { prices.values.map(\.time).max() ?? 0 }

    public static func make(engine: MarketEngine, symbol: String) async -> PriceComparisonReport {
        await withTaskGroup(of: (Exchange, Result<PriceSnapshot, MarketFailure>).self) { group in
            for exchange in Exchange.allCases {
                group.addTask {
                    // Not `do throws(MarketFailure) { … } catch`: with that, the release build
                    // (Swift 6.3, -O) corrupted the heap here, and `/price BTC all` crashed
                    // the process about one time in two. An untyped catch does not.
                    let result = await Result { try await engine.price(symbol, on: exchange) }
                    return (exchange, result.mapError { MarketFailure($0) })
                }
            }
            var report = PriceComparisonReport(symbol: symbol, prices: [:], failures: [:])
            for await (exchange, result) in group {
                switch result {
                case .success(let snapshot): report.prices[exchange] = snapshot
                case .failure(let failure): report.failures[exchange] = failure
                }
            }
            return report
        }
    }
}
