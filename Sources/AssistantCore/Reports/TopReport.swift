import MarketEngine

/// `/top10` as data: the top USDT pairs of one market from one all-tickers request.
public struct TopReport: Sendable, Codable {
    public var exchange: Exchange
    public var ranking: TopRanking
    public var market: Market
    public var tickers: [Ticker]

    /// The newest data time among the tickers (ms), nil when there are none.
    public var time: Int64? { tickers.map(\.time).max() }

    public static func make(engine: MarketEngine, exchange: Exchange, ranking: TopRanking, market: Market)
        async throws -> TopReport
    {
        TopReport(
            exchange: exchange, ranking: ranking, market: market,
            tickers: try await engine.top(ranking, on: exchange, market: market))
    }
}
