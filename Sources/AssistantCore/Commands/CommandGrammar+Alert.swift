import MarketEngine

/// `/alert`'s words:
///
///     /alert SYMBOL above|below|>|< PRICE [exchange]
///     /alert SYMBOL move PCT% WINDOW [exchange]
///     /alert SYMBOL funding above|below RATE% [exchange]
///     /alert SYMBOL oi PCT% WINDOW
///     /alert SYMBOL liquidations|liq above USDT WINDOW
///     /alert position liquidation within PCT% | pnl below USDT | funding above USDT
///     … [every COOLDOWN] [for LIFETIME]
///     /alert snooze ID DURATION
///     /alert delete ID|all
extension CommandGrammar {
    public static let alertUsage = """
        /alert SYMBOL above|below PRICE [exchange] · /alert SYMBOL move PCT% WINDOW [exchange] · \
        /alert SYMBOL funding above|below RATE% [exchange] · /alert SYMBOL oi PCT% WINDOW · \
        /alert SYMBOL liquidations above USDT WINDOW · \
        /alert position liquidation within PCT% | pnl below USDT | funding above USDT · \
        … [every 1h] [for 7d] · /alert snooze ID 1h · /alert delete ID|all
        """

    public static func alertRequest(_ arguments: [String]) throws(AlertRequest.Problem) -> AlertRequest {
        var arguments = arguments
        // `every 1h` and `for 7d` end any new alert, in either order.
        var repeatSeconds: Int64?
        var lifetimeSeconds: Int64?
        while arguments.count >= 2 {
            let word = arguments[arguments.count - 2].lowercased()
            let duration = arguments[arguments.count - 1]
            if word == "every", repeatSeconds == nil {
                guard let seconds = AlertWindow.seconds(duration), Alert.cooldownRange.contains(seconds) else {
                    throw .notCooldown(word: duration)
                }
                repeatSeconds = seconds
            } else if word == "for", lifetimeSeconds == nil {
                guard let seconds = AlertWindow.seconds(duration), Alert.lifetimeRange.contains(seconds) else {
                    throw .notLifetime(word: duration)
                }
                lifetimeSeconds = seconds
            } else {
                break
            }
            arguments.removeLast(2)
        }
        let request = try alertRequestWithoutTail(arguments)
        guard case .create(let symbol, let exchange, let condition, _, _) = request else {
            if repeatSeconds != nil || lifetimeSeconds != nil { throw .notCondition(word: arguments.first ?? "") }
            return request
        }
        return .create(
            symbol: symbol, exchange: exchange, condition: condition, repeatSeconds: repeatSeconds,
            lifetimeSeconds: lifetimeSeconds)
    }

    private static func alertRequestWithoutTail(_ arguments: [String]) throws(AlertRequest.Problem) -> AlertRequest {
        let words = arguments.map { $0.lowercased() }
        guard let first = words.first else { throw .empty }
        if first == "snooze" {
            guard words.count == 3, let id = Int64(words[1].trimmingPrefix("#")), id > 0,
                let seconds = AlertWindow.seconds(words[2]), Alert.snoozeRange.contains(seconds)
            else { throw .snoozeWords }
            return .snooze(id: id, seconds: seconds)
        }
        if first == "position" || first == "positions" {
            return try positionAlert(Array(words.dropFirst()), typed: Array(arguments.dropFirst()))
        }
        if first == "delete" || first == "del" || first == "remove" {
            guard words.count == 2 else { throw .deleteWhich }
            if words[1] == "all" { return .deleteAll }
            guard let id = Int64(words[1].trimmingPrefix("#")), id > 0 else {
                throw .notAlertNumber(word: arguments[1])
            }
            return .delete(id: id)
        }
        guard words.count >= 3 else { throw .nothingToWatch(word: arguments[0]) }
        let symbol = arguments[0]
        switch words[1] {
        case "above", "below", ">", "<", ">=", "<=":
            let direction: AlertCondition.Direction = ["above", ">", ">="].contains(words[1]) ? .above : .below
            let level = try alertLevel(words[2], typed: arguments[2])
            let exchange = try alertExchange(words.dropFirst(3))
            return .create(symbol: symbol, exchange: exchange, condition: .price(direction, level: level))
        case "move":
            guard words.count >= 4 else { throw .windowMissing }
            let percent = try alertPercent(words[2], in: 0.1...100)
            let window = try alertWindow(words[3])
            let exchange = try alertExchange(words.dropFirst(4))
            return .create(
                symbol: symbol, exchange: exchange, condition: .move(percent: percent, windowSeconds: window))
        case "funding":
            guard words.count >= 4, ["above", "below", ">", "<"].contains(words[2]) else { throw .fundingDirection }
            let direction: AlertCondition.Direction = words[2] == "above" || words[2] == ">" ? .above : .below
            guard let rate = Double(words[3].trimmingSuffix("%")), rate.isFinite, abs(rate) < 10 else {
                throw .fundingRate(word: arguments[3])
            }
            let exchange = try alertExchange(words.dropFirst(4))
            return .create(symbol: symbol, exchange: exchange, condition: .funding(direction, ratePercent: rate))
        case "oi":
            guard words.count == 4 else { throw .openInterestWords }
            let percent = try alertPercent(words[2], in: 0.1...1000)
            let window = try alertWindow(words[3])
            return .create(
                symbol: symbol, exchange: nil, condition: .openInterest(percent: percent, windowSeconds: window))
        case "liquidations", "liquidation", "liq", "liqs":
            // Only `above`: a sum over a window that stays low is no event. No exchange: it
            // spans the four that stream liquidations.
            guard words.count >= 4, ["above", ">", ">="].contains(words[2]) else { throw .liquidationWords }
            let amount = try alertAmount(words[3], typed: arguments[3])
            guard words.count == 5, let window = AlertWindow.seconds(words[4]),
                AlertWindow.liquidationRange.contains(window)
            else { throw .liquidationWords }
            return .create(
                symbol: symbol, exchange: nil, condition: .liquidations(amount: amount, windowSeconds: window))
        default:
            throw .notCondition(word: arguments[1])
        }
    }

    /// `liquidation within 5%`, `pnl below -1000`, `funding above 25`: what positions may
    /// come to.
    private static func positionAlert(_ words: [String], typed: [String]) throws(AlertRequest.Problem) -> AlertRequest {
        let condition: AlertCondition
        switch words.first {
        case "liquidation", "liq", "liquidations":
            let rest = words.dropFirst().filter { $0 != "within" }
            guard rest.count == 1, let percent = Double(rest[0].trimmingSuffix("%")), (0.1...100).contains(percent)
            else { throw .positionWords }
            condition = .positionLiquidation(withinPercent: percent)
        case "pnl":
            guard words.count == 3, ["below", "<"].contains(words[1]), let amount = signedAmount(words[2]) else {
                throw .positionWords
            }
            condition = .positionPnl(below: amount)
        case "funding":
            guard words.count == 3, ["above", ">"].contains(words[1]), let amount = signedAmount(words[2]),
                amount > 0
            else { throw .positionWords }
            condition = .positionFunding(above: amount)
        default:
            throw .positionWords
        }
        return .create(symbol: "positions", exchange: nil, condition: condition)
    }

    /// `-1000`, `-1.5K`, `250`, `$2M`: USDT, either sign, under 10B.
    private static func signedAmount(_ word: String) -> Double? {
        var text = Substring(String(word.filter { $0 != "$" }.map { $0 == "−" ? "-" : $0 }))
        var scale = 1.0
        switch text.last {
        case "k": scale = 1e3
        case "m": scale = 1e6
        default: break
        }
        if scale != 1 { text = text.dropLast() }
        guard let number = Double(text), number.isFinite, abs(number * scale) < 1e10 else { return nil }
        return number * scale
    }

    /// A price as typed: `70000`, `70,000`, `0.5`. A comma only groups thousands: `2,5` (a
    /// decimal comma in much of the world) is refused as ambiguous rather than read as 25.
    private static func alertLevel(_ word: String, typed: String) throws(AlertRequest.Problem) -> Double {
        if word.contains(",") {
            let whole = word.prefix { $0 != "." }
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw .ambiguousPrice(word: typed)
            }
        }
        guard let level = Double(word.filter { $0 != "," }), level.isFinite, level > 0 else {
            throw .notPrice(word: typed)
        }
        return level
    }

    /// The USDT a liquidation alert may wait for.
    static let alertAmounts: ClosedRange<Double> = 1_000...10_000_000_000

    /// `250000`, `500K`, `1.5M`, `2B` (a `$` in front allowed).
    private static func alertAmount(_ word: String, typed: String) throws(AlertRequest.Problem) -> Double {
        var text = Substring(word.hasPrefix("$") ? String(word.dropFirst()) : word)
        var scale = 1.0
        switch text.last {
        case "k": scale = 1e3
        case "m": scale = 1e6
        case "b": scale = 1e9
        default: break
        }
        if scale != 1 { text = text.dropLast() }
        guard let number = Double(text), number.isFinite, alertAmounts.contains(number * scale) else {
            throw .notAmount(word: typed)
        }
        return number * scale
    }

    private static func alertPercent(_ text: String, in range: ClosedRange<Double>) throws(AlertRequest.Problem)
        -> Double
    {
        guard let value = Double(text.trimmingSuffix("%")), range.contains(value) else {
            throw .notPercent(word: text, range: range)
        }
        return value
    }

    private static func alertWindow(_ text: String) throws(AlertRequest.Problem) -> Int64 {
        guard let seconds = AlertWindow.seconds(text), AlertWindow.range.contains(seconds) else {
            throw .notWindow(word: text)
        }
        return seconds
    }

    private static func alertExchange(_ rest: ArraySlice<String>) throws(AlertRequest.Problem) -> Exchange? {
        guard let name = rest.first else { return nil }
        guard rest.count == 1, let exchange = Exchange(name: name) else {
            throw .notExchange(word: rest.joined(separator: " "))
        }
        return exchange
    }
}

extension String {
    fileprivate func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }

    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
