import MarketEngine

/// The words after a market command, split the way every market command reads them: an
/// exchange name anywhere (default: the chat's `/settings exchange`, else Binance), `all`
/// for every exchange, and the other words in order for `CommandGrammar` to read.
struct CommandArguments {
    var exchange: Exchange = .binance
    var allExchanges = false
    /// Arguments that are neither an exchange nor `all`, in order.
    var rest: [String] = []

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

    /// The word at `index` of the rest, nil when there are fewer.
    subscript(_ index: Int) -> String? { rest.count > index ? rest[index] : nil }

    var exchangeChoice: CommandGrammar.ExchangeChoice { allExchanges ? .all : .one(exchange) }
}
