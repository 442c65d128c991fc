import MarketEngine

/// What `/alert …` asks for, read from its words:
///
///     /alert SYMBOL above|below|>|< PRICE [exchange]
///     /alert SYMBOL move PCT% WINDOW [exchange]
///     /alert SYMBOL funding above|below RATE% [exchange]
///     /alert SYMBOL oi PCT% WINDOW
///     /alert delete ID|all
public enum AlertRequest: Sendable, Equatable {
    case create(symbol: String, exchange: Exchange?, condition: AlertCondition)
    case delete(id: Int64)
    case deleteAll

    /// A line saying what is wrong; the reply adds the usage.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String

        init(_ description: String) {
            self.description = description
        }
    }

    public static let usage = """
        /alert SYMBOL above|below PRICE [exchange] · /alert SYMBOL move PCT% WINDOW [exchange] · \
        /alert SYMBOL funding above|below RATE% [exchange] · /alert SYMBOL oi PCT% WINDOW · /alert delete ID|all
        """

    public init(arguments: [String]) throws(Problem) {
        let words = arguments.map { $0.lowercased() }
        guard let first = words.first else { throw Problem("Say what to watch.") }
        if first == "delete" || first == "del" || first == "remove" {
            guard words.count == 2 else { throw Problem("Say which alert to delete: its number, or all.") }
            if words[1] == "all" {
                self = .deleteAll
            } else if let id = Int64(words[1].trimmingPrefix("#")), id > 0 {
                self = .delete(id: id)
            } else {
                throw Problem("\(Self.quoted(arguments[1])) is not an alert number.")
            }
            return
        }
        guard words.count >= 3 else { throw Problem("Say what to watch for \(Self.quoted(arguments[0])).") }
        let symbol = arguments[0]
        switch words[1] {
        case "above", "below", ">", "<", ">=", "<=":
            let direction: AlertCondition.Direction = ["above", ">", ">="].contains(words[1]) ? .above : .below
            let level = try Self.positiveNumber(words[2], what: "price")
            let exchange = try Self.exchange(words.dropFirst(3))
            self = .create(symbol: symbol, exchange: exchange, condition: .price(direction, level: level))
        case "move":
            guard words.count >= 4 else { throw Problem("Say the window, e.g. 1h.") }
            let percent = try Self.percent(words[2], in: 0.1...100)
            let window = try Self.window(words[3])
            let exchange = try Self.exchange(words.dropFirst(4))
            self = .create(
                symbol: symbol, exchange: exchange, condition: .move(percent: percent, windowSeconds: window))
        case "funding":
            guard words.count >= 4, words[2] == "above" || words[2] == "below" || words[2] == ">" || words[2] == "<"
            else { throw Problem("Say above or below and a rate, e.g. funding above 0.05%.") }
            let direction: AlertCondition.Direction = words[2] == "above" || words[2] == ">" ? .above : .below
            guard let rate = Double(words[3].trimmingSuffix("%")), rate.isFinite, abs(rate) < 10 else {
                throw Problem("\(Self.quoted(arguments[3])) is not a funding rate in percent, e.g. 0.05%.")
            }
            let exchange = try Self.exchange(words.dropFirst(4))
            self = .create(
                symbol: symbol, exchange: exchange, condition: .funding(direction, ratePercent: rate))
        case "oi":
            guard words.count == 4 else { throw Problem("Say a change and a window, e.g. oi 5% 4h (all exchanges).") }
            let percent = try Self.percent(words[2], in: 0.1...1000)
            let window = try Self.window(words[3])
            self = .create(
                symbol: symbol, exchange: nil, condition: .openInterest(percent: percent, windowSeconds: window))
        default:
            throw Problem("\(Self.quoted(arguments[1])) is not a condition: use above, below, move, funding or oi.")
        }
    }

    private static func positiveNumber(_ text: String, what: String) throws(Problem) -> Double {
        guard let value = Double(text.filter { $0 != "," }), value.isFinite, value > 0 else {
            throw Problem("\(quoted(text)) is not a \(what).")
        }
        return value
    }

    private static func percent(_ text: String, in range: ClosedRange<Double>) throws(Problem) -> Double {
        guard let value = Double(text.trimmingSuffix("%")), range.contains(value) else {
            throw Problem(
                "\(quoted(text)) is not a change in percent from \(range.lowerBound)% to \(range.upperBound)%.")
        }
        return value
    }

    private static func window(_ text: String) throws(Problem) -> Int64 {
        guard let seconds = AlertWindow.seconds(text), AlertWindow.range.contains(seconds) else {
            throw Problem("\(quoted(text)) is not a window from 5m to 1d, e.g. 15m, 1h, 4h.")
        }
        return seconds
    }

    private static func exchange(_ rest: ArraySlice<String>) throws(Problem) -> Exchange? {
        guard let name = rest.first else { return nil }
        guard rest.count == 1, let exchange = Exchange(name: name) else {
            throw Problem(
                "\(quoted(rest.joined(separator: " "))) is not an exchange: \(Exchange.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        return exchange
    }

    /// A word as typed, shortened (it goes back into a reply).
    static func quoted(_ text: String) -> String { "“\(text.prefix(24))”" }
}

extension String {
    fileprivate func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }

    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
