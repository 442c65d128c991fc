import MarketEngine

/// What `/alert …` asks for, as `CommandGrammar.alertRequest` reads it from the words.
public enum AlertRequest: Sendable, Equatable {
    /// `every` makes it repeat with that cooldown; `for` ends it after that long.
    case create(
        symbol: String, exchange: Exchange?, condition: AlertCondition, repeatSeconds: Int64? = nil,
        lifetimeSeconds: Int64? = nil)
    case delete(id: Int64)
    case deleteAll
    /// `/alert snooze ID 1h`: no firing for that long (the buttons under a fired alert).
    case snooze(id: Int64, seconds: Int64)

    /// What is wrong with the words, as data: `AlertRenderer` says it, with the usage.
    /// `word` is what was typed there.
    public enum Problem: Error, Sendable, Equatable {
        case empty
        case deleteWhich
        case notAlertNumber(word: String)
        case nothingToWatch(word: String)
        case windowMissing
        case fundingDirection
        case fundingRate(word: String)
        case openInterestWords
        /// `liquidations` without `above`, an amount and a window of 1m…1h (or with more words).
        case liquidationWords
        /// Not a USDT amount from 1K to 10B.
        case notAmount(word: String)
        case notCondition(word: String)
        case notPrice(word: String)
        /// `2,5`: a decimal comma, or a thousands separator missing digits.
        case ambiguousPrice(word: String)
        case notPercent(word: String, range: ClosedRange<Double>)
        case notWindow(word: String)
        case notExchange(word: String)
        /// `every` without a duration of 1m…7d.
        case notCooldown(word: String)
        /// `for` without a duration of 1m…365d.
        case notLifetime(word: String)
        /// `snooze` without an alert's number and a duration of 1m…7d.
        case snoozeWords
        /// `position` without `liquidation within PCT%`, `pnl below USDT` or `funding above USDT`.
        case positionWords
    }
}
