#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Account amounts are `Decimal`: they are money, summed across assets and exchanges, and
/// shown to the cent; the exchanges send them as decimal strings.
public struct AssetBalance: Sendable, Codable, Equatable {
    public var asset: String
    public var total: Decimal
    public var free: Decimal
    /// In USDT; nil when no price was found.
    public var usdValue: Decimal?
}

extension AssetBalance {
    /// Spot holdings (free and held amounts as the exchange sends them) valued at USDT
    /// `prices`: empty ones and dust (worth under `dustUSD`) left out, one without a price
    /// kept with its value unknown, largest first.
    static func spot(
        _ holdings: [(asset: String, free: String?, held: [String?])], prices: [String: Decimal], dustUSD: Decimal
    ) -> [AssetBalance] {
        holdings.compactMap { holding -> AssetBalance? in
            let free = decimal(holding.free) ?? 0
            let total = holding.held.reduce(free) { $0 + (decimal($1) ?? 0) }
            guard total > 0 else { return nil }
            let value = prices[holding.asset].map { $0 * total }
            if let value, value < dustUSD { return nil }
            return AssetBalance(asset: holding.asset, total: total, free: free, usdValue: value)
        }.sorted { ($0.usdValue ?? 0) > ($1.usdValue ?? 0) }
    }
}

/// One exchange account: spot (or unified) assets and the USDⓈ-M/linear wallet.
public struct AccountBalance: Sendable, Codable {
    public var exchange: Exchange
    /// Assets worth at least the dust threshold (or of unknown value), largest first.
    public var assets: [AssetBalance]
    public var walletBalance: Decimal
    public var unrealizedPnl: Decimal
    public var marginBalance: Decimal
    public var availableBalance: Decimal
    /// Everything in USDT: spot assets plus the futures margin balance (Binance), or the
    /// unified account's total equity (Bybit, OKX).
    public var totalEquity: Decimal
}

public struct Position: Sendable, Codable, Equatable {
    public enum Side: String, Sendable, Codable { case long, short }

    public var exchange: Exchange
    public var symbol: String
    public var side: Side
    /// Base units (OKX contracts × ctVal).
    public var size: Decimal
    public var notional: Decimal
    public var entryPrice: Decimal
    public var markPrice: Decimal
    public var liquidationPrice: Decimal?
    public var leverage: Decimal
    public var unrealizedPnl: Decimal
    /// Unrealised PnL over initial margin (notional at entry / leverage), in percent.
    public var roePercent: Decimal
}

/// Realised results over a period. Nil parts are ones the exchange folds into another
/// (Bybit's closed PnL already includes fees and funding).
public struct PnLBreakdown: Sendable, Codable {
    public var exchange: Exchange
    public var realized: Decimal
    public var funding: Decimal?
    public var commissions: Decimal?
    public var unrealized: Decimal

    public var total: Decimal { realized + (funding ?? 0) + (commissions ?? 0) + unrealized }
}

/// Reads a decimal string as exchanges send it; empty or missing gives nil.
func decimal(_ text: String?) -> Decimal? {
    guard let text, !text.isEmpty else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
}

/// Notional at entry over leverage is the margin a position started with.
func returnOnEquity(pnl: Decimal, entry: Decimal, size: Decimal, leverage: Decimal) -> Decimal {
    let margin = entry * size / (leverage > 0 ? leverage : 1)
    return margin > 0 ? pnl / margin * 100 : 0
}
