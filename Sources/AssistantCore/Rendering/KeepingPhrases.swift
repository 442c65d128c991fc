/// The phrases of what keeps people's alerts and coins (issue 27): repeating alerts and their
/// buttons, position alerts, `/watch`, `/digest` and quiet hours. A part of every
/// `Phrasebook` (`keeping`), so that one language's file lists them together; the rules
/// are the phrasebook's (`{name}` placeholders, Telegram's HTML tags).
public struct KeepingPhrases: Sendable {
    public let summaryWatch: String
    public let summaryDigest: String

    // MARK: Repeating alerts
    /// {cooldown}: `1h`.
    public let alertRepeats: String
    public let alertOnce: String
    /// {time}: a date and time in UTC.
    public let alertExpires: String
    /// {age}: a duration.
    public let alertLastFired: String
    /// {time}.
    public let alertSnoozedUntil: String
    /// A repeating level alert that fired and waits for the reading to go back.
    public let alertWaitsToRearm: String
    /// Made past its level: it fires once the reading has gone back and crossed again.
    public let alertCreatedDisarmed: String
    /// {id}, {time}.
    public let alertSnoozed: String
    public let snoozeHourButton: String
    public let snoozeDayButton: String
    public let deleteButton: String
    /// {count}: the alerts quiet hours held.
    public let alertsCollectedTitle: String
    public let alertProblemCooldown: String
    public let alertProblemLifetime: String
    public let alertProblemSnooze: String
    public let alertProblemPosition: String

    // MARK: Position alerts
    public let positionsNotAllowed: String
    public let positionsUnavailable: String
    /// {percent}.
    public let alertPositionLiquidation: String
    /// {amount}.
    public let alertPositionPnl: String
    public let alertPositionFunding: String
    /// {symbol}, {side}, {exchange}, {value} (percent), {mark}, {liquidation}.
    public let alertFiredPositionLiquidation: String
    /// {value}, {amount}.
    public let alertFiredPositionPnl: String
    public let alertFiredPositionFunding: String
    public let positionLong: String
    public let positionShort: String

    // MARK: /watch
    /// {exchange}, {count}, {limit}.
    public let watchTitle: String
    public let watchEmpty: String
    /// {symbols}.
    public let watchAdded: String
    public let watchRemoved: String
    /// {symbols}, {limit}.
    public let watchRefused: String
    /// {symbols}, {exchange}.
    public let watchUnknown: String
    public let watchNotWatched: String
    public let watchUnreadable: String
    /// The compact table's header: coin, price, 24h, funding.
    public let tableColumns: String
    /// With open interest's 24 h change.
    public let tableColumnsWithOpenInterest: String

    // MARK: /digest
    /// {day}, {exchange}.
    public let digestTitle: String
    public let digestTopTen: String
    /// {movers}.
    public let digestMovers: String
    /// {count}.
    public let digestFired: String
    public let digestNoneFired: String
    /// {time}, {zone}, {exchange}.
    public let digestScheduled: String
    public let digestShown: String
    public let digestNone: String
    public let digestOff: String
    public let digestNoneToStop: String
    public let digestUnavailable: String
    public let digestCannotDeliver: String
    /// {word}.
    public let scheduleProblemTime: String
    public let scheduleProblemRange: String
    public let scheduleProblemZone: String
    public let scheduleProblemMode: String

    // MARK: Quiet hours (/settings)
    /// {range}, {zone}, {mode}.
    public let settingsQuiet: String
    public let settingsQuietNone: String
    public let quietSilent: String
    public let quietHold: String
    public let settingsQuietUsage: String
}
