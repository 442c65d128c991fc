import MarketEngine

/// What an alert waits for. Levels and rates are compared with each evaluation's reading;
/// `move` and `openInterest` with the readings this process took since the alert was made
/// (or since it started, whichever is later) within the window.
public enum AlertCondition: Sendable, Equatable, Codable {
    public enum Direction: String, Sendable, Equatable, Codable {
        case above, below

        /// Whether `value` is on this side of `level` (reaching it counts).
        public func holds(_ value: Double, _ level: Double) -> Bool {
            self == .above ? value >= level : value <= level
        }
    }

    /// The spot last price crosses `level`.
    case price(Direction, level: Double)
    /// The spot price moved by at least `percent` (either way) within `windowSeconds`.
    case move(percent: Double, windowSeconds: Int64)
    /// The perpetual's funding rate per interval, in percent, crosses `ratePercent`.
    case funding(Direction, ratePercent: Double)
    /// Open interest in coins, summed over the exchanges that list the perpetual, changed by
    /// at least `percent` within `windowSeconds`.
    case openInterest(percent: Double, windowSeconds: Int64)
    /// USDT liquidated on the perpetuals of Binance, Bybit, OKX and Gate within
    /// `windowSeconds` reaches `amount`.
    case liquidations(amount: Double, windowSeconds: Int64)
    /// An open position of the server's accounts comes within `percent` of its liquidation
    /// price (the distance as a share of the mark price).
    case positionLiquidation(withinPercent: Double)
    /// The unrealised PnL of every open position, in USDT, falls to `amount`.
    case positionPnl(below: Double)
    /// The next funding payment of the open positions would cost `amount` USDT or more.
    case positionFunding(above: Double)

    /// The window of a `move`, `oi` or liquidations alert. Only `.change` tests compare with
    /// earlier readings: a liquidation sum has its window in the reading itself.
    public var windowSeconds: Int64? {
        switch self {
        case .price, .funding, .positionLiquidation, .positionPnl, .positionFunding: nil
        case .move(_, let window), .openInterest(_, let window), .liquidations(_, let window): window
        }
    }

    /// What an alert reads. A new kind of alert over a quantity already read adds a case
    /// above, its `quantity` and `test` here, its words in `CommandGrammar+Alert` and its
    /// sentences in `AlertRenderer`; only a new quantity touches `AlertReadings` too.
    public enum Quantity: Sendable, Equatable {
        /// The spot last price in USDT on one exchange.
        case spotPrice
        /// The perpetual's funding rate per interval, in percent, on one exchange.
        case fundingRate
        /// Coins open on the perpetuals of every exchange that lists it.
        case openInterest
        /// USDT of the perpetuals liquidated within a window, summed over the liquidation
        /// exchanges.
        case liquidations
        /// The smallest distance of an open position to its liquidation, in percent of its mark.
        case positionLiquidation
        /// Unrealised PnL of the open positions, in USDT.
        case positionPnl
        /// What the open positions pay at the next funding, in USDT.
        case positionFunding

        /// Read from the server's own accounts (admin chats only).
        public var isPosition: Bool {
            self == .positionLiquidation || self == .positionPnl || self == .positionFunding
        }

        /// The market the symbol is looked up on.
        public var market: Market {
            self == .spotPrice ? .spot : .perp
        }

        /// Whether one reading sums every exchange (the alert has no exchange of its own).
        public var spansExchanges: Bool { self == .openInterest || self == .liquidations || isPosition }
    }

    /// How a reading is judged.
    public enum Test: Sendable, Equatable {
        /// The reading is at or past a level.
        case level(Direction, Double)
        /// The reading changed by at least `percent`, either way, within the window.
        case change(percent: Double, windowSeconds: Int64)
    }

    public var quantity: Quantity {
        switch self {
        case .price, .move: .spotPrice
        case .funding: .fundingRate
        case .openInterest: .openInterest
        case .liquidations: .liquidations
        case .positionLiquidation: .positionLiquidation
        case .positionPnl: .positionPnl
        case .positionFunding: .positionFunding
        }
    }

    public var test: Test {
        switch self {
        case .price(let direction, let level): .level(direction, level)
        case .funding(let direction, let rate): .level(direction, rate)
        case .move(let percent, let window), .openInterest(let percent, let window):
            .change(percent: percent, windowSeconds: window)
        case .liquidations(let amount, _): .level(.above, amount)
        case .positionLiquidation(let percent): .level(.below, percent)
        case .positionPnl(let amount): .level(.below, amount)
        case .positionFunding(let amount): .level(.above, amount)
        }
    }
}

/// The windows `move` and `oi` accept, as people write them: `5m` … `1d`.
public enum AlertWindow {
    public static let range: ClosedRange<Int64> = 300...86_400

    /// Liquidation alerts' windows: `1m` … `1h` (the streams keep an hour of liquidations).
    public static let liquidationRange: ClosedRange<Int64> = 60...3600

    /// Seconds for `5m`, `30m`, `1h`, `4h`, `1d` (a number and one of m, h, d).
    public static func seconds(_ text: String) -> Int64? {
        let lower = text.lowercased()
        guard let unit = lower.last, let count = Int64(lower.dropLast()), count > 0, count < 100_000 else {
            return nil
        }
        switch unit {
        case "m": return count * 60
        case "h": return count * 3600
        case "d": return count * 86_400
        default: return nil
        }
    }

    /// `5m`, `1h`, `1d`, `90m`.
    public static func text(_ seconds: Int64) -> String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        return "\(seconds / 60)m"
    }
}
