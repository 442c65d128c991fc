/// What a person typed for a symbol, normalised: `btc`, `BTC`, `btcusdt`, `BTC/USDT`,
/// `btc-usdt`, `BTC-USDT-SWAP` and `BTCUSDT.P` all mean base BTC, quote USDT.
public struct SymbolQuery: Sendable, Equatable {
    public var base: String
    public var quote: String
    /// Set when the input itself named the perpetual (`-SWAP`, `PERP`, `.P`).
    public var perpetual: Bool

    /// Quotes recognised at the end of a glued symbol, longest first.
    static let knownQuotes = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY", "USD"]

    public init?(_ input: String) {
        var text = input.uppercased().filter { !$0.isWhitespace }
        var perpetual = false
        for suffix in ["-SWAP", "_PERP", "-PERP", "PERP", ".P"]
        where text.hasSuffix(suffix) && text.count > suffix.count {
            text.removeLast(suffix.count)
            perpetual = true
            break
        }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "_" || $0 == ":" }).map(String.init)
        var base: String
        var quote = "USDT"
        switch parts.count {
        case 1:
            base = parts[0]
            if let known = Self.knownQuotes.first(where: { base.hasSuffix($0) && base.count > $0.count }) {
                base.removeLast(known.count)
                quote = known
            }
        case 2:
            base = parts[0]
            quote = parts[1]
        default:
            return nil
        }
        let allowed = { (text: String) in
            (1...20).contains(text.count)
                && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        }
        guard allowed(base), allowed(quote) else { return nil }
        self.base = base
        self.quote = quote
        self.perpetual = perpetual
    }

    public var pair: String { "\(base)/\(quote)" }
}
