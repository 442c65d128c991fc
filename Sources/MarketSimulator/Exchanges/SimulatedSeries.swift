/// A bar of the simulated market, before any exchange's formatting.
public struct SimulatedCandle: Sendable {
    public var openTime: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double
    public var takerBuyVolume: Double
    public var isClosed: Bool

    public var quoteVolume: Double { volume * (open + close) / 2 }
}

public struct SimulatedTrade: Sendable {
    public var price: Double
    public var size: Double
    public var buy: Bool
    public var time: Int64
}

extension SimulatedUniverse {
    /// The last `count` bars of `interval` milliseconds ending with the one forming at `now`,
    /// oldest first. About one bar in seven carries a 3–5× volume spike.
    public func candles(_ base: String, interval: Int64, count: Int, at now: Int64, perp: Bool) -> [SimulatedCandle] {
        guard count > 0, let current = market(base, at: now) else { return [] }
        let formingStart = now / interval * interval
        var candles: [SimulatedCandle] = []
        var previousClose: Double?
        for offset in stride(from: count - 1, through: 0, by: -1) {
            let openTime = formingStart - Int64(offset) * interval
            let closeTime = min(openTime + interval, now)
            guard let end = market(base, at: closeTime), let start = market(base, at: openTime) else { continue }
            let shift = perp ? current.markPrice / current.spot : 1
            let open = previousClose ?? start.spot * shift
            let close = end.spot * shift
            var random = SplitMix64(
                seed: seed ^ UInt64(bitPattern: openTime / interval) &* 31 &+ UInt64(base.hashValueStable))
            let perBar = current.volume * Double(interval) / 86_400_000
            var volume = perBar * (0.6 + 0.8 * random.unit())
            if random.next() % 7 == 0 { volume *= 3 + 2 * random.unit() }
            if openTime == formingStart { volume *= Double(now - openTime) / Double(interval) }
            let wiggle = abs(close - open) * 0.5 + open * 0.001 * random.unit()
            candles.append(
                SimulatedCandle(
                    openTime: openTime, open: open, high: max(open, close) + wiggle, low: min(open, close) - wiggle,
                    close: close, volume: volume, takerBuyVolume: volume * (0.35 + 0.3 * random.unit()),
                    isClosed: openTime != formingStart))
            previousClose = close
        }
        return candles
    }

    /// Recent trades, oldest first, one every two seconds up to `now`.
    public func trades(_ base: String, count: Int, at now: Int64, perp: Bool) -> [SimulatedTrade] {
        guard let current = market(base, at: now) else { return [] }
        let price = perp ? current.markPrice : current.spot
        var random = SplitMix64(seed: seed &+ UInt64(base.hashValueStable) &+ UInt64(now / 60_000))
        return (0..<count).map { index in
            SimulatedTrade(
                price: price * (1 + 0.0005 * (random.unit() - 0.5)),
                size: current.volume / 86_400 * (0.2 + 2 * random.unit()),
                buy: random.unit() < 0.52, time: now - Int64(count - index) * 2000)
        }
    }

    /// Open interest in base units at the end of each period, oldest first.
    public func openInterestHistory(_ base: String, period: Int64, count: Int, at now: Int64) -> [(
        time: Int64, base: Double, price: Double
    )] {
        guard market(base, at: now) != nil else { return [] }
        let last = now / period * period
        return (0..<count).compactMap { index in
            let time = last - Int64(count - 1 - index) * period
            guard let point = market(base, at: time) else { return nil }
            let drift = 1 + 0.04 * sin(Double(time) / 43_200_000)
            return (time, point.openInterest * drift, point.markPrice)
        }
    }
}

extension String {
    /// FNV-1a: the same every run, unlike `hashValue`.
    var hashValueStable: UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}

#if canImport(Glibc)
    import Glibc
#endif
