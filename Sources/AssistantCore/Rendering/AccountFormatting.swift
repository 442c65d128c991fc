import MarketEngine
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Shared pieces of the account replies: money, and the per-exchange outcome lines.
enum AccountFormatting {
    static func usd(_ value: Decimal) -> String {
        let number = double(value)
        return (number < 0 ? "-" : "") + "$" + NumberFormat.grouped(abs(number), decimals: 2)
    }

    static func signedUSD(_ value: Decimal) -> String {
        (value >= 0 ? "+" : "") + usd(value)
    }

    static func amount(_ value: Decimal) -> String {
        NumberFormat.price(double(value))
    }

    /// `10×`, `2.5×`.
    static func leverage(_ value: Decimal) -> String {
        let number = double(value)
        return NumberFormat.wholeOrTenths(number) + "×"
    }

    static func percent(_ value: Decimal) -> String {
        NumberFormat.percent(double(value))
    }

    /// The nearest Double, through the exact decimal text (FoundationEssentials has no
    /// `NSDecimalNumber`); only for display, after the sums were done in Decimal.
    static func double(_ value: Decimal) -> Double {
        Double(value.description) ?? .nan
    }

    /// The line for an exchange that gave no value.
    static func missing<T>(_ exchange: Exchange, _ entry: AccountEntry<T>, in language: Language) -> String? {
        switch entry {
        case .value: nil
        case .notConfigured: language.phrases.accountNotConfigured.filled(["exchange": exchange.displayName])
        case .failed(let failure):
            "<b>\(exchange.displayName)</b>: ⚠️ \(FailureRenderer.line(failure, in: language))"
        }
    }
}
