/// What one streamed frame says about one instrument: only the fields it carries (Bybit's
/// deltas, OKX's separate mark-price and funding channels), merged into what is known.
public struct StreamQuote: Sendable, Equatable {
    public var market: Market
    /// The exchange's own symbol (`BTCUSDT`, `BTC-USDT-SWAP`, `BTC_USDT`).
    public var symbol: String
    /// The exchange's time of the data, milliseconds since 1970.
    public var time: Int64
    public var last: Double?
    public var changePercent: Double?
    public var high: Double?
    public var low: Double?
    public var baseVolume: Double?
    public var quoteVolume: Double?
    public var markPrice: Double?
    public var indexPrice: Double?
    /// A fraction per funding interval.
    public var fundingRate: Double?
    public var nextFundingTime: Int64?
    public var fundingIntervalHours: Double?
    /// Open interest in `openInterestUnit`.
    public var openInterest: Double?
    public var openInterestUnit: OpenInterestUnit = .coins

    /// Coins, or contracts that the instrument's contract value turns into coins.
    public enum OpenInterestUnit: Sendable, Equatable {
        case coins, contracts
    }

    public init(market: Market, symbol: String, time: Int64) {
        self.market = market
        self.symbol = symbol
        self.time = time
    }

    /// This quote over `older`: a field this one lacks keeps its older value.
    func merged(over older: StreamQuote) -> StreamQuote {
        var merged = self
        merged.last = last ?? older.last
        merged.changePercent = changePercent ?? older.changePercent
        merged.high = high ?? older.high
        merged.low = low ?? older.low
        merged.baseVolume = baseVolume ?? older.baseVolume
        merged.quoteVolume = quoteVolume ?? older.quoteVolume
        merged.markPrice = markPrice ?? older.markPrice
        merged.indexPrice = indexPrice ?? older.indexPrice
        merged.fundingRate = fundingRate ?? older.fundingRate
        merged.nextFundingTime = nextFundingTime ?? older.nextFundingTime
        merged.fundingIntervalHours = fundingIntervalHours ?? older.fundingIntervalHours
        if openInterest == nil {
            merged.openInterest = older.openInterest
            merged.openInterestUnit = older.openInterestUnit
        }
        merged.time = max(time, older.time)
        return merged
    }

    /// The 24-hour ticker, once every part of it has been streamed.
    func ticker(_ instrument: Instrument) -> Ticker? {
        guard let last, let changePercent, let high, let low, let baseVolume, let quoteVolume else { return nil }
        return Ticker(
            instrument: instrument, last: last, changePercent: changePercent, high: high, low: low,
            baseVolume: baseVolume, quoteVolume: quoteVolume, time: time)
    }

    /// Open interest in coins.
    func openInterestCoins(_ instrument: Instrument) -> Double? {
        guard let openInterest else { return nil }
        return openInterestUnit == .coins ? openInterest : openInterest * instrument.contractValue
    }
}

extension StreamQuote {
    /// This quote without a field that is not a finite number (an exchange's `1e308`
    /// times 100): such a field is left unknown rather than shown or compared.
    var finite: StreamQuote {
        func clean(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        var quote = self
        quote.last = clean(last)
        quote.changePercent = clean(changePercent)
        quote.high = clean(high)
        quote.low = clean(low)
        quote.baseVolume = clean(baseVolume)
        quote.quoteVolume = clean(quoteVolume)
        quote.markPrice = clean(markPrice)
        quote.indexPrice = clean(indexPrice)
        quote.fundingRate = clean(fundingRate)
        quote.fundingIntervalHours = clean(fundingIntervalHours)
        quote.openInterest = clean(openInterest)
        return quote
    }
}

/// One liquidation as a venue's stream reports it, before its symbol is resolved.
public struct StreamLiquidation: Sendable, Equatable {
    /// The exchange's own symbol of the perpetual (`BTCUSDT`, `BTC-USDT-SWAP`, `BTC_USDT`).
    public var symbol: String
    /// The position liquidated.
    public var side: Liquidation.Side
    public var price: Double
    /// In `unit`: coins, or contracts (OKX, Gate) that the instrument's contract value turns into coins.
    public var quantity: Double
    public var unit: StreamQuote.OpenInterestUnit
    /// Milliseconds since 1970.
    public var time: Int64

    public init(
        symbol: String, side: Liquidation.Side, price: Double, quantity: Double, unit: StreamQuote.OpenInterestUnit,
        time: Int64
    ) {
        self.symbol = symbol
        self.side = side
        self.price = price
        self.quantity = quantity
        self.unit = unit
        self.time = time
    }
}

/// What one text frame from a venue is.
public enum StreamMessage: Sendable, Equatable {
    /// Market data (made by `finite(_:)`).
    case quotes([StreamQuote])
    /// Liquidations (finite, positive prices and quantities only).
    case liquidations([StreamLiquidation])
    /// An answer to the keepalive probe, or a subscription acknowledged.
    case control
    /// A subscription refused (an unknown symbol): said in the log, the symbol stays on REST.
    case refused(String)
    /// The exchange announces it will close the connection (maintenance, shutdown): reconnect now.
    case closing(String)
    /// Nothing this client reads (other channels, unknown events).
    case ignored

    /// Market data with every non-finite number left out.
    static func finite(_ quotes: [StreamQuote]) -> StreamMessage { .quotes(quotes.map(\.finite)) }
}
