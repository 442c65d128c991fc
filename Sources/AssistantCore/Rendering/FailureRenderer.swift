import MarketEngine
import TelegramBotAPI

/// A `MarketFailure` as one line of a reply, safe to show: escaped, and an unknown symbol
/// shortened (it is whatever a person typed).
enum FailureRenderer {
    static func line(_ failure: MarketFailure) -> String {
        if case .unknownSymbol(let input, let suggestions) = failure.reason {
            let shown = input.count > 30 ? String(input.prefix(30)) + "…" : input
            var line = "Unknown symbol \(HTML.escape(shown))"
            if !suggestions.isEmpty {
                line += ". Did you mean \(suggestions.map(HTML.escape).joined(separator: ", "))?"
            }
            return line
        }
        return HTML.escape(failure.description)
    }
}
