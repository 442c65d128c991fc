import Foundation
import MarketEngine
import TelegramBotAPI

/// Shared pieces of the account replies: money, and the per-exchange outcome lines.
enum AccountFormatting {
    static func usd(_ value: Decimal) -> String {
        let number = NSDecimalNumber(decimal: value).doubleValue
        return (number < 0 ? "-" : "") + "$" + NumberFormat.grouped(abs(number), decimals: 2)
    }

    static func signedUSD(_ value: Decimal) -> String {
        (value >= 0 ? "+" : "") + usd(value)
    }

    static func amount(_ value: Decimal) -> String {
        NumberFormat.price(NSDecimalNumber(decimal: value).doubleValue)
    }

    /// `10×`, `2.5×`.
    static func leverage(_ value: Decimal) -> String {
        let number = NSDecimalNumber(decimal: value).doubleValue
        return NumberFormat.wholeOrTenths(number) + "×"
    }

    static func percent(_ value: Decimal) -> String {
        NumberFormat.percent(NSDecimalNumber(decimal: value).doubleValue)
    }

    /// The line for an exchange that gave no value.
    static func missing<T>(_ exchange: Exchange, _ outcome: AccountService.Outcome<T>) -> String? {
        switch outcome {
        case .value: nil
        case .notConfigured: "<b>\(exchange.displayName)</b>: not configured"
        case .failed(let message): "<b>\(exchange.displayName)</b>: ⚠️ \(HTML.escape(message))"
        }
    }
}
