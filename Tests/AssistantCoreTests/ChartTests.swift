import Foundation
import MarketEngine
import Testing

@testable import AssistantCore
@testable import ChartDrawing

/// `/chart`'s picture, drawn with Cairo from a fixed series: its size and format, and the
/// pixels where the series says a candle or a volume bar is (not a hash of the whole
/// image, which a new font would change).
@Suite struct ChartTests {
    /// 120 hourly candles: a rise with every third candle falling, bodies of 2% and
    /// volumes that cycle, so rising and falling candles sit at known places.
    static func series() -> [Candle] {
        (0..<120).map { index in
            let base = 100 + Double(index) * 0.5
            let falling = index % 3 == 2
            let (open, close) = falling ? (base * 1.01, base * 0.99) : (base * 0.99, base * 1.01)
            return Candle(
                openTime: 1_780_000_000_000 + Int64(index) * 3_600_000, open: open, high: max(open, close) * 1.004,
                low: min(open, close) * 0.996, close: close, volume: Double(10 + index % 7 * 10),
                quoteVolume: 0, takerBuyVolume: nil, isClosed: true)
        }
    }

    static func close(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8), within tolerance: Int = 12) -> Bool {
        abs(Int(a.0) - Int(b.0)) <= tolerance && abs(Int(a.1) - Int(b.1)) <= tolerance
            && abs(Int(a.2) - Int(b.2)) <= tolerance
    }

    @Test func aChartIsAPNGOfThePromisedSize() throws {
        let image = try CandleChart.draw(Self.series(), title: "TEST/USDT · Binance · 1h")
        #expect(image.png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func bigEndian(_ offset: Int) -> Int { image.png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(String(decoding: image.png[12..<16], as: UTF8.self) == "IHDR")
        #expect(bigEndian(16) == CandleChart.width && bigEndian(20) == CandleChart.height)
        #expect(image.png.count > 10_000 && image.png.count < 1_000_000, "\(image.png.count) bytes")
    }

    @Test func cairoIsLoadedFromTheSystemsLibraryFolders() throws {
        _ = try CandleChart.draw(Self.series(), title: "TEST/USDT · Binance · 1h")
        #expect(Cairo.libraryPaths.allSatisfy { $0.hasPrefix("/") && $0.hasSuffix("/libcairo.so.2") })
        // The file the loader mapped is one of those (symlinks resolved), never one found
        // through the binary's RUNPATH.
        let expected = Set(Cairo.libraryPaths.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path })
        // Read to the end: /proc files say they are empty, so a read by size gets nothing.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
        let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let loaded = Set(
            maps.split(separator: "\n").compactMap { line in
                line.split(separator: " ").last.map(String.init).flatMap { $0.contains("/libcairo.so") ? $0 : nil }
            })
        #expect(!loaded.isEmpty && loaded.isSubset(of: expected), "\(loaded)")
    }

    @Test func candlesAndVolumeBarsAreDrawnWhereTheSeriesSays() throws {
        let candles = Self.series()
        let image = try CandleChart.draw(candles, title: "TEST/USDT · Binance · 1h")
        let layout = image.layout
        let background = image.color(x: 5, y: 300)
        for index in [3, 5, 40, 41, 80, 110, 118] {
            let candle = candles[index]
            let expected = candle.close >= candle.open ? CandleChart.up : CandleChart.down
            let x = Int(layout.x(index))
            // The body, sampled at five heights (an EMA line may cross one of them).
            let top = layout.y(max(candle.open, candle.close))
            let bottom = layout.y(min(candle.open, candle.close))
            let hits = (1...5).filter { step in
                let y = Int(top + (bottom - top) * Double(step) / 6)
                return Self.close(image.color(x: x, y: y), expected)
            }.count
            #expect(hits >= 3, "candle \(index): \(hits) of 5 body pixels in its colour")
            // The volume bar: coloured near its foot, background above its top.
            let foot = image.color(x: x, y: Int(CandleChart.Layout.volumeBottom) - 2)
            #expect(!Self.close(foot, background, within: 6), "volume bar \(index) drawn")
            let above = image.color(x: x, y: Int(layout.volumeTop(candle.volume)) - 3)
            #expect(
                Self.close(above, background, within: 6) || candle.volume == layout.maximumVolume, "bar \(index) ends")
        }
        // Between two candles, below the lowest low and above the volume panel: background.
        #expect(Self.close(image.color(x: Int(layout.x(10) + layout.slot / 2), y: 452), background, within: 6))
    }

    @Test func theLastChartsAreKeptByTheirData() {
        let cache = ChartCache(capacity: 2)
        func key(_ time: Int64) -> ChartCache.Key {
            ChartCache.Key(
                pair: "BTC/USDT", exchange: "binance", interval: "1h", lastOpenTime: time, lastClose: 1, lastVolume: 1)
        }
        cache.store([1], for: key(1))
        cache.store([2], for: key(2))
        #expect(cache.png(for: key(1)) == [1])
        cache.store([3], for: key(3))  // the least recently used (2) goes
        #expect(cache.png(for: key(2)) == nil && cache.png(for: key(1)) == [1] && cache.png(for: key(3)) == [3])
        #expect(cache.count == 2)
    }
}
