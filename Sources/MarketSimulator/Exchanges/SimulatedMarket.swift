import Foundation

/// One base asset's market in the simulator: deterministic from a seed and a clock, so a
/// test can compute what every exchange should report.
public struct SimulatedMarket: Sendable {
    public var base: String
    public var spot: Double
    public var changePercent: Double
    public var high: Double
    public var low: Double
    /// 24 h volume in base units.
    public var volume: Double
    public var markPrice: Double
    public var indexPrice: Double
    /// Fraction per 8 h.
    public var fundingRate: Double
    /// Open interest in base units.
    public var openInterest: Double
    /// OKX contract size (base units per contract).
    public var contractValue: Double
    /// Whether a perpetual exists (a few spot-only listings keep suggestions honest).
    public var hasPerp: Bool

    public var quoteVolume: Double { volume * spot }
    public var open: Double { spot / (1 + changePercent / 100) }
}

/// The simulator's universe: ~30 bases with plausible prices that move with time, and on
/// request as many generated ones (`Q000`, `Q001`, …: what a benchmark over hundreds of
/// symbols needs).
public struct SimulatedUniverse: Sendable {
    static let listings: [(String, Double, Double)] = [
        ("BTC", 97_000, 0.01), ("ETH", 3_400, 0.1), ("SOL", 190, 1), ("XRP", 2.3, 10), ("DOGE", 0.38, 1000),
        ("BNB", 690, 0.1), ("ADA", 0.95, 10), ("AVAX", 38, 1), ("LINK", 22, 1), ("DOT", 7.4, 1),
        ("LTC", 105, 1), ("TRX", 0.25, 1000), ("TON", 5.6, 1), ("SHIB", 0.000022, 1_000_000),
        ("PEPE", 0.000019, 10_000_000),
        ("ARB", 0.85, 10), ("OP", 2.1, 1), ("SUI", 4.2, 1), ("APT", 9.8, 1), ("NEAR", 5.3, 10),
        ("ATOM", 6.9, 1), ("FIL", 5.1, 0.1), ("INJ", 24, 0.1), ("TIA", 5.9, 1), ("WIF", 1.9, 1),
        ("SEI", 0.45, 10), ("ETC", 27, 10), ("BCH", 450, 0.1), ("UNI", 13, 1), ("AAVE", 330, 0.1),
    ]
    /// Listed on spot only (no perpetual).
    static let spotOnly: Set<String> = ["AAVE"]

    public let seed: UInt64
    /// Generated bases beyond the listed ones.
    public let extraBases: Int
    /// Values a test sets instead of the generated ones (a scripted price path).
    public var scripted: [String: ScriptedMarket] = [:]
    public let bases: [String]
    /// The exchange whose quotes `market(_:at:)` gives (`binance`, `bybit`, `okx`, `bitget`,
    /// `gate`, `mexc`): each venue's generated prices sit a few basis points from Binance's
    /// and its funding a little apart, as real venues' do. nil (and Binance): the reference.
    /// Scripted values stay exact on every venue.
    public var venue: String? = nil

    public init(seed: UInt64 = 42, extraBases: Int = 0) {
        self.seed = seed
        self.extraBases = max(0, min(extraBases, 1000))
        bases = Self.listings.map(\.0) + (0..<self.extraBases).map(Self.extraBase)
    }

    /// The `index`th generated base: `Q000` … `Q999`.
    static func extraBase(_ index: Int) -> String {
        "Q" + String(repeating: "0", count: 3 - String(index).count) + String(index)
    }

    /// A listed base, or a generated one (priced between 0.5 and 500 by its number).
    private func listing(_ base: String) -> (index: Int, name: String, price: Double, contract: Double)? {
        if let index = Self.listings.firstIndex(where: { $0.0 == base }) {
            let (name, price, contract) = Self.listings[index]
            return (index, name, price, contract)
        }
        guard base.count == 4, base.first == "Q", let number = Int(base.dropFirst()), number < extraBases else {
            return nil
        }
        return (Self.listings.count + number, base, 0.5 * Double(1 + number % 1000), 1)
    }

    /// This universe as `exchange` quotes it.
    public func on(_ exchange: String) -> SimulatedUniverse {
        var copy = self
        copy.venue = exchange
        return copy
    }

    /// Each venue's generated prices against Binance's (basis points) and its funding rate's
    /// difference (a fraction per interval).
    static let venueOffsets: [String: (bps: Double, funding: Double)] = [
        "binance": (0, 0), "bybit": (1.8, 0.000_004), "okx": (-1.2, -0.000_003),
        "bitget": (2.6, 0.000_006), "gate": (-2.2, -0.000_005), "mexc": (3.4, 0.000_008),
    ]

    /// The market of `base` at `milliseconds` since 1970 on `venue`, with what a test
    /// scripted, or nil when not listed.
    public func market(_ base: String, at milliseconds: Int64) -> SimulatedMarket? {
        guard var market = generated(base, at: milliseconds) else { return nil }
        if let venue, let offset = Self.venueOffsets[venue.lowercased()] {
            let factor = 1 + offset.bps / 10_000
            market.spot *= factor
            market.markPrice *= factor
            market.indexPrice *= factor
            market.high *= factor
            market.low *= factor
            market.fundingRate += offset.funding
        }
        guard let script = scripted[base] else { return market }
        if let spot = script.spot, spot > 0 {
            let ratio = spot / market.spot
            market.spot = spot
            market.markPrice *= ratio
            market.indexPrice *= ratio
            market.high = max(market.high * ratio, spot)
            market.low = min(market.low * ratio, spot)
        }
        if let rate = script.fundingRate { market.fundingRate = rate }
        if let amount = script.openInterest { market.openInterest = amount }
        return market
    }

    func generated(_ base: String, at milliseconds: Int64) -> SimulatedMarket? {
        guard let (index, name, price, contract) = listing(base) else { return nil }
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        let period = 3_600_000.0 * (2 + random.unit() * 10)  // 2–12 h cycles
        let phase = random.unit() * 2 * Double.pi
        let minutes = Double(milliseconds) / 60_000
        let wave = sin(Double(milliseconds) / period * 2 * Double.pi + phase)
        let spot = price * (1 + 0.03 * wave)
        let change = 6 * sin(phase + minutes / 720)  // ±6 % over the day
        let basis = 0.0004 * (random.unit() - 0.3)
        let volume = (2e8 + random.unit() * 3e9) / price * (1 + 0.2 * wave)
        return SimulatedMarket(
            base: name, spot: spot, changePercent: change, high: spot * (1 + 0.01 + 0.02 * random.unit()),
            low: spot * (1 - 0.01 - 0.02 * random.unit()), volume: volume, markPrice: spot * (1 + basis),
            indexPrice: spot * (1 + basis / 4), fundingRate: 0.0001 * (1 + 2 * wave),
            openInterest: volume * (0.2 + 0.3 * random.unit()), contractValue: contract,
            hasPerp: !Self.spotOnly.contains(name))
    }
}

/// What a test sets for one base: any of the spot price, the funding rate (a fraction per
/// interval) and open interest (base units); nil keeps the generated value.
public struct ScriptedMarket: Sendable, Equatable, Codable {
    public var spot: Double?
    public var fundingRate: Double?
    public var openInterest: Double?

    public init(spot: Double? = nil, fundingRate: Double? = nil, openInterest: Double? = nil) {
        self.spot = spot
        self.fundingRate = fundingRate
        self.openInterest = openInterest
    }

    enum CodingKeys: String, CodingKey {
        case spot
        case fundingRate = "funding_rate"
        case openInterest = "open_interest"
    }
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same markets.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
