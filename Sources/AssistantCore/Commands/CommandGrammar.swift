import MarketEngine

/// The one reading of command arguments, for the bot's words and the JSON API's query
/// parameters alike: each function takes the text given for one parameter (nil when absent)
/// and returns its value, its default, or the `ArgumentError` both surfaces show.
public enum CommandGrammar {
    public enum Parameter: String, Sendable, Equatable {
        case symbol, exchange, interval, bars, threshold, period, ranking, market, window
    }

    /// One exchange, or all of them side by side (`/price … all`, `exchange=all`).
    public enum ExchangeChoice: Sendable, Equatable {
        case one(Exchange)
        case all
    }

    public static let bars = 2...500
    public static let defaultBars = 24
    public static let defaultThreshold = 2.0

    public static func symbol(_ text: String?) throws(ArgumentError) -> String {
        guard let text, !text.isEmpty else { throw ArgumentError(.missing, .symbol) }
        return text
    }

    /// The base a symbol names without looking it up: `btc`, `BTCUSDT`, `BTC/USDT`, `btc-usdt`
    /// → `BTC` (what `/watch remove` matches the watchlist's bases with).
    public static func base(of text: String) -> String {
        var upper = text.uppercased().filter { $0 != "/" && $0 != "-" && $0 != "_" }
        if upper.count > 4, upper.hasSuffix("USDT") { upper.removeLast(4) }
        return String(upper.prefix(24))
    }

    public static func exchange(_ text: String?, default fallback: Exchange) throws(ArgumentError) -> Exchange {
        guard let text else { return fallback }
        guard let exchange = Exchange(name: text) else { throw ArgumentError(.invalid, .exchange) }
        return exchange
    }

    public static func exchangeChoice(_ text: String?, default fallback: Exchange) throws(ArgumentError)
        -> ExchangeChoice
    {
        if text?.lowercased() == "all" { return .all }
        return .one(try exchange(text, default: fallback))
    }

    public static func interval(_ text: String?, default fallback: Interval) throws(ArgumentError) -> Interval {
        guard let text else { return fallback }
        guard let interval = Interval(text: text) else { throw ArgumentError(.invalid, .interval) }
        return interval
    }

    public static func bars(_ text: String?) throws(ArgumentError) -> Int {
        guard let text else { return defaultBars }
        guard let count = Int(text), bars.contains(count) else { throw ArgumentError(.invalid, .bars) }
        return count
    }

    /// A multiple of the mean, above 0 and below 1000.
    public static func threshold(_ text: String?) throws(ArgumentError) -> Double {
        guard let text else { return defaultThreshold }
        guard let value = Double(text), value > 0, value < 1000 else { throw ArgumentError(.invalid, .threshold) }
        return value
    }

    public static func period(_ text: String?) throws(ArgumentError) -> ReportPeriod {
        guard let text else { return .today }
        guard let period = ReportPeriod(rawValue: text.lowercased()) else { throw ArgumentError(.invalid, .period) }
        return period
    }

    /// How far back a change is measured: `1h`, `4h`, `24h` (or `1d`).
    public static func window(_ text: String?, default fallback: Horizon) throws(ArgumentError) -> Horizon {
        guard let text else { return fallback }
        let lowered = text.lowercased()
        guard
            let horizon = Horizon.allCases.first(where: { "\($0.hours)h" == lowered }) ?? (lowered == "1d" ? .day : nil)
        else { throw ArgumentError(.invalid, .window) }
        return horizon
    }

    public static func ranking(_ text: String?) throws(ArgumentError) -> TopRanking {
        guard let text else { return .volume }
        guard let ranking = TopRanking(rawValue: text.lowercased()) else { throw ArgumentError(.invalid, .ranking) }
        return ranking
    }

    public static func market(_ text: String?) throws(ArgumentError) -> Market {
        guard let text else { return .spot }
        guard let market = Market(rawValue: text.lowercased()) else { throw ArgumentError(.invalid, .market) }
        return market
    }
}
