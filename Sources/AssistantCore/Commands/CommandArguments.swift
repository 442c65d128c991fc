import MarketEngine
import TelegramBotAPI

/// Arguments shared by the market commands: an exchange name anywhere (default: the chat's
/// `/settings exchange`, else Binance), `all` for every exchange.
struct CommandArguments {
    var exchange: Exchange = .binance
    var allExchanges = false
    /// Arguments that are neither an exchange nor `all`, in order.
    var rest: [String] = []

    /// The interval at `rest[index]`, `fallback` when absent, nil when present but unknown.
    func interval(at index: Int, default fallback: Interval) -> Interval? {
        rest.count > index ? Interval(text: rest[index]) : fallback
    }

    static let intervalHelp =
        "Unknown interval. Use one of \(Interval.allCases.map(\.rawValue).joined(separator: ", "))."

    init(_ invocation: CommandInvocation) {
        self.init(invocation.arguments, defaultExchange: invocation.preferences.exchange ?? .binance)
    }

    init(_ arguments: [String], defaultExchange: Exchange = .binance) {
        exchange = defaultExchange
        for argument in arguments {
            if let exchange = Exchange(name: argument) {
                self.exchange = exchange
            } else if argument.lowercased() == "all" {
                allExchanges = true
            } else {
                rest.append(argument)
            }
        }
    }
}

extension Exchange {
    var htmlName: String { displayName }
}

/// One line for a failure, safe to show: the input is escaped and shortened.
func failureLine(_ error: any Error) -> String {
    guard let marketError = error as? MarketError else { return "Something went wrong reading market data." }
    if case .unknownSymbol(let input, let suggestions) = marketError {
        let shown = input.count > 30 ? String(input.prefix(30)) + "…" : input
        var line = "Unknown symbol \(HTML.escape(shown))"
        if !suggestions.isEmpty { line += ". Did you mean \(suggestions.map(HTML.escape).joined(separator: ", "))?" }
        return line
    }
    return HTML.escape(marketError.description)
}
