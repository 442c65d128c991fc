import MarketEngine
import TelegramBotAPI

/// A `MarketFailure` or an `ArgumentError` as one line of a reply, safe to show: escaped,
/// and what a person typed shortened. (`MarketFailure.description`, in English, is what the
/// JSON API and the logs say.)
enum FailureRenderer {
    static func line(_ failure: MarketFailure, in language: Language) -> String {
        let say = language.phrases
        let name = failure.exchange?.displayName ?? say.theExchange
        switch failure.reason {
        case .unknownSymbol(let input, let suggestions):
            let shown = HTML.escape(input.count > 30 ? String(input.prefix(30)) + "…" : input)
            guard !suggestions.isEmpty else { return say.unknownSymbol.filled(["symbol": shown]) }
            return say.unknownSymbolSuggestions.filled([
                "symbol": shown, "suggestions": suggestions.map(HTML.escape).joined(separator: say.listSeparator),
            ])
        case .notListed(let pair, let market):
            return say.notListed.filled(["pair": HTML.escape(pair), "market": say.word(market), "exchange": name])
        case .timeout:
            return say.timedOut.filled(["exchange": name])
        case .connection(let kind):
            return say.unavailable.filled(["exchange": name, "detail": words(kind, say)])
        case .rateLimited(let until):
            return say.rateLimited.filled([
                "exchange": name, "time": NumberFormat.timeOfDay(milliseconds: until * 1000),
            ])
        case .httpStatus(let status):
            return say.unavailable.filled(["exchange": name, "detail": "HTTP \(status)"])
        case .rejected(let code, let message):
            return say.rejected.filled(["exchange": name, "code": HTML.escape(code), "message": HTML.escape(message)])
        case .badResponse(let detail):
            return say.badResponse.filled(["exchange": name, "detail": HTML.escape(detail)])
        case .cancelled:
            return say.unavailable.filled(["exchange": name, "detail": say.connectionCancelled])
        case .unexpected:
            return say.unexpectedFailure
        }
    }

    private static func words(_ kind: MarketFailure.Connection, _ say: Phrasebook) -> String {
        switch kind {
        case .refused: say.connectionRefused
        case .reset: say.connectionReset
        case .tls: say.connectionTLS
        case .dns: say.connectionDNS
        case .other: say.connectionOther
        }
    }

    /// What the bot answers to a word it cannot read: the command's usage line for a missing
    /// or unknown word, the sentence saying what is allowed for numbers and intervals.
    static func line(_ error: ArgumentError, usage: String, in language: Language) -> String {
        error.showsUsage ? language.phrases.usage(usage) : sentence(error, in: language)
    }

    /// The sentence for `error` (the JSON API's 400 says it in English).
    static func sentence(_ error: ArgumentError, in language: Language) -> String {
        let say = language.phrases
        let parameter = error.parameter.rawValue
        if error.problem == .missing { return say.argumentMissing.filled(["parameter": parameter]) }
        switch error.parameter {
        case .interval:
            return say.argumentInterval.filled([
                "intervals": Interval.allCases.map(\.rawValue).joined(separator: ", ")
            ])
        case .bars:
            return say.argumentBars.filled([
                "minimum": "\(CommandGrammar.bars.lowerBound)", "maximum": "\(CommandGrammar.bars.upperBound)",
            ])
        case .threshold:
            return say.argumentThreshold
        case .window:
            return say.argumentWindow.filled([
                "windows": Horizon.allCases.map { "\($0.hours)h" }.joined(separator: ", ")
            ])
        case .period:
            return say.argumentPeriod.filled(["periods": ReportPeriod.allCases.map(\.rawValue).joined(separator: ", ")])
        default:
            return say.argumentUnknownValue.filled(["parameter": parameter])
        }
    }
}

extension ArgumentError: CustomStringConvertible {
    public var description: String { FailureRenderer.sentence(self, in: .english) }
}
