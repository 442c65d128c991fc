import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What position alerts read: the open positions of every exchange with keys, read with
/// signed requests at most once per `interval` and shared by every position alert, and the
/// funding each would pay next.
///
/// Signed reads count against the account's own limits (and some exchanges ban keys that
/// poll them hard), so however many position alerts a pass evaluates, and however often
/// pushed ticks ask, the accounts are read once an interval. Callers that arrive while a
/// read is under way wait for it rather than starting their own.
public actor PositionWatch {
    public struct Reading: Sendable, Equatable {
        /// The smallest distance from a position's mark price to its liquidation price, in
        /// percent of the mark; nil when no open position has a liquidation price.
        public var liquidationDistancePercent: Double?
        /// The position that distance is of.
        public var nearest: Nearest?
        /// Unrealised PnL of every open position, in USDT.
        public var pnl: Double
        /// What the open positions would pay at the next funding, in USDT (negative: they
        /// would be paid).
        public var fundingCost: Double
        public var positions: Int

        /// Codable: a fired alert carries it to its message through the outbox.
        public struct Nearest: Sendable, Equatable, Codable {
            public var exchange: Exchange
            public var symbol: String
            public var side: Position.Side
            public var markPrice: Double
            public var liquidationPrice: Double

            public init(
                exchange: Exchange, symbol: String, side: Position.Side, markPrice: Double, liquidationPrice: Double
            ) {
                self.exchange = exchange
                self.symbol = symbol
                self.side = side
                self.markPrice = markPrice
                self.liquidationPrice = liquidationPrice
            }
        }

        public init(
            liquidationDistancePercent: Double?, nearest: Nearest?, pnl: Double, fundingCost: Double, positions: Int
        ) {
            self.liquidationDistancePercent = liquidationDistancePercent
            self.nearest = nearest
            self.pnl = pnl
            self.fundingCost = fundingCost
            self.positions = positions
        }
    }

    private let account: AccountService?
    private let engine: MarketEngine
    private let interval: Duration
    /// The last read and when it started; a read that found nothing is kept too, so that
    /// failing keys are not asked again before the interval is over.
    private var latest: (at: AppClock.Instant, reading: Reading?)?
    private var isReading = false
    private var waiters: [CheckedContinuation<Reading?, Never>] = []

    public init(account: AccountService?, engine: MarketEngine, interval: Duration = .seconds(60)) {
        self.account = account
        self.engine = engine
        self.interval = interval
    }

    /// The latest reading, read anew when the last is older than the interval (on the
    /// engine's clock, `engine.clock`); nil when no exchange has keys or every read failed.
    public func reading() async -> Reading? {
        guard let account, !account.configured.isEmpty else { return nil }
        if let latest, engine.clock.elapsed(since: latest.at) < interval { return latest.reading }
        if isReading { return await withCheckedContinuation { waiters.append($0) } }
        isReading = true
        let started = engine.clock.now
        let fresh = await Self.read(account, engine)
        latest = (started, fresh)
        isReading = false
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.resume(returning: fresh) }
        return fresh
    }

    /// The positions of every exchange that answered, and the funding of each; nil when none
    /// answered (an empty account that answered is a reading of no positions).
    private static func read(_ account: AccountService, _ engine: MarketEngine) async -> Reading? {
        var positions: [Position] = []
        var answered = false
        for (_, outcome) in await account.positions() {
            // An exchange that failed is left out: the others' positions still stand, and the
            // next interval asks it again.
            guard case .value(let open) = outcome else { continue }
            answered = true
            positions += open
        }
        guard answered else { return nil }
        let rates = await fundingRates(of: positions, engine)
        return reading(of: positions, fundingRates: rates)
    }

    /// The sums over `positions`. `fundingRates` are fractions per funding interval
    /// (`0.0001` is 0.01 %), keyed by `fundingKey`; a position without one counts no funding.
    public static func reading(of positions: [Position], fundingRates: [String: Double]) -> Reading {
        var pnl: Decimal = 0
        var fundingCost = 0.0
        var nearest: (distance: Double, position: Reading.Nearest)?
        for position in positions {
            pnl += position.unrealizedPnl
            // Longs pay a positive rate and shorts a negative one; some exchanges sign the
            // notional by side, so only its size is used.
            let rate = fundingRates[fundingKey(position.exchange, base: base(of: position.symbol))] ?? 0
            let notional = abs(AccountFormatting.double(position.notional))
            fundingCost += (position.side == .long ? 1 : -1) * notional * rate
            let mark = AccountFormatting.double(position.markPrice)
            guard let liquidation = position.liquidationPrice.map(AccountFormatting.double), liquidation > 0, mark > 0
            else { continue }
            let distance = abs(mark - liquidation) / mark * 100
            if let found = nearest, found.distance <= distance { continue }
            nearest = (
                distance,
                Reading.Nearest(
                    exchange: position.exchange, symbol: position.symbol, side: position.side, markPrice: mark,
                    liquidationPrice: liquidation)
            )
        }
        return Reading(
            liquidationDistancePercent: nearest?.distance, nearest: nearest?.position,
            pnl: AccountFormatting.double(pnl), fundingCost: fundingCost, positions: positions.count)
    }

    /// The key of a funding rate in `reading(of:fundingRates:)`: `binance:BTC`.
    public static func fundingKey(_ exchange: Exchange, base: String) -> String {
        "\(exchange.rawValue):\(base)"
    }

    /// The base of a position's symbol as the account adapters spell it: `BTCUSDT` (Binance,
    /// Bybit, Bitget), `BTC-USDT-SWAP` (OKX), `BTC_USDT` (Gate, MEXC).
    public static func base(of symbol: String) -> String {
        if let separator = symbol.firstIndex(where: { $0 == "-" || $0 == "_" }) {
            return String(symbol[..<separator])
        }
        for quote in ["USDT", "USDC", "USD"] where symbol.count > quote.count && symbol.hasSuffix(quote) {
            return String(symbol.dropLast(quote.count))
        }
        return symbol
    }

    private struct Held: Hashable, Sendable {
        var exchange: Exchange
        var symbol: String
    }

    /// The funding rate of each position's perpetual, read at once; one that cannot be read
    /// is absent.
    private static func fundingRates(of positions: [Position], _ engine: MarketEngine) async -> [String: Double] {
        let held = Set(positions.map { Held(exchange: $0.exchange, symbol: $0.symbol) })
        return await withTaskGroup(of: (String, Double?).self) { group in
            for one in held {
                group.addTask {
                    let key = Self.fundingKey(one.exchange, base: Self.base(of: one.symbol))
                    return (key, await Self.fundingRate(of: one, engine))
                }
            }
            var rates: [String: Double] = [:]
            for await (key, rate) in group {
                if let rate { rates[key] = rate }
            }
            return rates
        }
    }

    /// A fraction per funding interval, as the alerts read funding: streamed while live, else
    /// the exchange's bulk answer, else the perpetual's own ticker. A position's symbol is its
    /// perpetual's own id, so the instrument is looked up by it: resolving the parsed base
    /// would read the USDT perpetual of a position held in another quote.
    private static func fundingRate(of held: Held, _ engine: MarketEngine) async -> Double? {
        guard
            let instrument = try? await engine.instruments(held.exchange, .perp).first(where: {
                $0.symbol == held.symbol
            })
        else { return nil }
        if let rate = engine.streams?.quote(instrument)?.fundingRate { return rate }
        if let rate = try? await engine.perpReadings(held.exchange)[held.symbol]?.fundingRate { return rate }
        return try? await engine.perpTicker(instrument).fundingRate
    }
}
