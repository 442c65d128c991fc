import MarketEngine
import Testing

/// Pure functions against values computed by hand (or, for RSI, with a few lines of Python
/// following Wilder's definition, on StockCharts' classic 20-close example).
@Suite struct AnalyticsTests {
    func candle(
        _ index: Int, volume: Double, takerBuy: Double? = nil, open: Double = 10, close: Double = 10,
        closed: Bool = true
    )
        -> Candle
    {
        Candle(
            openTime: Int64(index) * 60_000, open: open, high: max(open, close) + 1, low: min(open, close) - 1,
            close: close,
            volume: volume, quoteVolume: volume * close, takerBuyVolume: takerBuy, isClosed: closed)
    }

    @Test func emaIsSeededWithTheSimpleAverage() {
        // Period 3: seed (1+2+3)/3 = 2, factor 1/2, each step moves halfway to the new value.
        #expect(Indicators.ema((1...10).map(Double.init), period: 3) == [2, 3, 4, 5, 6, 7, 8, 9])
        #expect(Indicators.ema([1, 2], period: 3).isEmpty)
    }

    @Test func rsiWithWilderSmoothing() throws {
        let closes = [
            44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28,
            46.00,
            46.03, 46.41, 46.22, 45.64,
        ]
        #expect(abs(try #require(Indicators.rsi(Array(closes.prefix(15)))) - 70.464135) < 1e-5)
        #expect(abs(try #require(Indicators.rsi(Array(closes.prefix(16)))) - 66.249619) < 1e-5)
        #expect(abs(try #require(Indicators.rsi(closes)) - 57.915021) < 1e-5)
        #expect(Indicators.rsi(Array(closes.prefix(14))) == nil)
        #expect(Indicators.rsi(Array(repeating: 5, count: 20)) == 50)
        #expect(Indicators.rsi((1...20).map(Double.init)) == 100)
    }

    @Test func vwapOfTypicalPrices() {
        let candles = [
            Candle(
                openTime: 0, open: 10, high: 12, low: 8, close: 10, volume: 1, quoteVolume: 10, takerBuyVolume: nil,
                isClosed: true),
            Candle(
                openTime: 1, open: 20, high: 22, low: 18, close: 20, volume: 3, quoteVolume: 60, takerBuyVolume: nil,
                isClosed: true),
        ]
        #expect(Indicators.vwap(candles) == 17.5)  // (10·1 + 20·3) / 4
        #expect(Indicators.rangePosition(price: 15, low: 10, high: 20) == 50)
    }

    @Test func volumeSpikeAgainstThePrevious20ClosedBars() throws {
        var candles = (0..<20).map { candle($0, volume: $0 % 2 == 0 ? 8 : 12) }
        candles.append(candle(20, volume: 30, open: 10, close: 11))
        candles.append(candle(21, volume: 500, closed: false))  // forming: ignored
        let spike = try #require(VolumeSpike.measure(candles))
        #expect(spike.volume == 30)
        #expect(spike.mean == 10 && spike.median == 10)
        #expect(spike.ratioToMean == 3 && spike.ratioToMedian == 3)
        #expect(abs(try #require(spike.zScore) - 9.746794) < 1e-5)  // 20 / sqrt(80 / 19)
        #expect(abs(spike.priceChangePercent - 10) < 1e-9)
        #expect(spike.isSpike(threshold: 2) && !spike.isSpike(threshold: 3.5))
        #expect(VolumeSpike.measure(Array(candles.prefix(20))) == nil)  // needs 21 closed bars
    }

    @Test func volumeDeltaFromKlinesAndTrades() {
        let candles = [candle(0, volume: 10, takerBuy: 6), candle(1, volume: 10, takerBuy: 3)]
        #expect(VolumeDelta.cumulative(candles: candles) == [2, -2])  // 2·6−10, then 2·3−10
        #expect(VolumeDelta.cumulative(candles: [candle(0, volume: 1)]) == nil)
        let trades = [
            Trade(price: 1, size: 5, takerSide: .buy, time: 0), Trade(price: 1, size: 2, takerSide: .sell, time: 1),
        ]
        #expect(VolumeDelta.cumulative(trades: trades) == 3)
        #expect(VolumeDelta.diverges(priceChangePercent: 2, delta: -1))
        #expect(!VolumeDelta.diverges(priceChangePercent: 2, delta: 1))
        #expect(!VolumeDelta.diverges(priceChangePercent: 0.05, delta: -1))
    }

    @Test func statistics() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) == (32.0 / 7).squareRoot())
        #expect(abs(Statistics.percentChange(from: 200, to: 210)! - 5) < 1e-12)
        #expect(Statistics.percentChange(from: 0, to: 1) == nil)
    }

    @Test func fanOutKeepsOrderAndBound() async {
        let probe = ConcurrencyProbe()
        let results = await boundedFanOut(Array(0..<40), limit: 8) { value in
            await probe.enter()
            try await Task.sleep(for: .milliseconds(5))
            await probe.leave()
            if value == 7 { throw CancellationError() }
            return value * 2
        }
        #expect(results.count == 40)
        #expect(results[3] == 6 && results[7] == nil && results[39] == 78)
        #expect(await probe.maximum <= 8)
        #expect(await probe.maximum >= 2)
    }
}

actor ConcurrencyProbe {
    private var current = 0
    private(set) var maximum = 0

    func enter() {
        current += 1
        maximum = max(maximum, current)
    }

    func leave() { current -= 1 }
}
