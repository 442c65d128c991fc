import AssistantCore
import MarketEngine

/// A candlestick chart as a PNG, drawn with Cairo: the last candles with volume bars below,
/// EMA 20 and 50, the last price marked on the right axis, and a title. Dark, 1000×600:
/// readable on a phone.
public struct CandleChart: ChartDrawer {
    public init() {}

    public func png(_ candles: [Candle], title: String) throws -> [UInt8] {
        try Self.draw(candles, title: title).png
    }

    public static let width = 1000
    public static let height = 600

    /// Where things are drawn, so tests can look at the pixels a candle should have.
    public struct Layout: Sendable {
        public let count: Int
        public let low: Double
        public let high: Double
        public let maximumVolume: Double
        public static let plotLeft = 10.0
        public static let plotRight = 900.0
        public static let priceTop = 50.0
        public static let priceBottom = 440.0
        public static let volumeTop = 460.0
        public static let volumeBottom = 585.0

        public var slot: Double { (Self.plotRight - Self.plotLeft) / Double(max(count, 1)) }
        public func x(_ index: Int) -> Double { Self.plotLeft + slot * (Double(index) + 0.5) }
        public func y(_ price: Double) -> Double {
            Self.priceBottom - (price - low) / max(high - low, .leastNonzeroMagnitude)
                * (Self.priceBottom - Self.priceTop)
        }
        public func volumeTop(_ volume: Double) -> Double {
            Self.volumeBottom - volume / max(maximumVolume, .leastNonzeroMagnitude)
                * (Self.volumeBottom - Self.volumeTop)
        }
    }

    /// A drawn chart: the PNG, and the pixels it was made from (ARGB32, `stride` bytes a row).
    public struct Image: Sendable {
        public var png: [UInt8]
        public var pixels: [UInt8]
        public var stride: Int
        public var layout: Layout

        /// (red, green, blue) of the pixel at (x, y).
        public func color(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
            let offset = y * stride + x * 4
            // Native-endian 0xAARRGGBB: on little-endian machines B, G, R, A in memory.
            return (pixels[offset + 2], pixels[offset + 1], pixels[offset])
        }
    }

    static let background = (0.075, 0.090, 0.133)
    public static let up: (UInt8, UInt8, UInt8) = (38, 166, 154)
    public static let down: (UInt8, UInt8, UInt8) = (239, 83, 80)

    /// Draws `candles` (oldest first) under `title`.
    public static func draw(_ candles: [Candle], title: String) throws -> Image {
        let cairo = try Cairo.load()
        guard let surface = cairo.imageSurfaceCreate(Cairo.formatARGB32, Int32(width), Int32(height)) else {
            throw Cairo.Unavailable(detail: "no surface")
        }
        defer { cairo.surfaceDestroy(surface) }
        guard let context = cairo.create(surface) else { throw Cairo.Unavailable(detail: "no context") }
        defer { cairo.destroy(context) }

        let closes = candles.map(\.close)
        let ema20 = Indicators.ema(closes, period: 20)
        let ema50 = Indicators.ema(closes, period: 50)
        let lows = candles.map(\.low) + ema20 + ema50
        let highs = candles.map(\.high) + ema20 + ema50
        var low = lows.min() ?? 0
        var high = highs.max() ?? 1
        let padding = max(high - low, abs(high) * 0.001) * 0.05
        (low, high) = (low - padding, high + padding)
        let layout = Layout(
            count: candles.count, low: low, high: high, maximumVolume: candles.map(\.volume).max() ?? 0)

        func color(_ rgb: (UInt8, UInt8, UInt8), alpha: Double = 1) {
            cairo.setSourceRGBA(context, Double(rgb.0) / 255, Double(rgb.1) / 255, Double(rgb.2) / 255, alpha)
        }
        func line(_ points: [(Double, Double)]) {
            guard let first = points.first else { return }
            cairo.moveTo(context, first.0, first.1)
            for point in points.dropFirst() { cairo.lineTo(context, point.0, point.1) }
            cairo.stroke(context)
        }
        func text(_ string: String, x: Double, y: Double, size: Double, bold: Bool = false) {
            cairo.selectFontFace(context, "DejaVu Sans", 0, bold ? 1 : 0)
            cairo.setFontSize(context, size)
            cairo.moveTo(context, x, y)
            cairo.showText(context, string)
        }

        cairo.setSourceRGBA(context, background.0, background.1, background.2, 1)
        cairo.paint(context)

        // Grid and price labels.
        cairo.setLineWidth(context, 1)
        for step in 0...4 {
            let price = low + (high - low) * Double(step) / 4
            let y = layout.y(price).rounded() + 0.5
            cairo.setSourceRGBA(context, 1, 1, 1, 0.08)
            line([(Layout.plotLeft, y), (Layout.plotRight, y)])
            cairo.setSourceRGBA(context, 0.7, 0.72, 0.78, 1)
            text(NumberFormat.price(price), x: Layout.plotRight + 8, y: y + 4, size: 12)
        }

        // Volume bars, then candles.
        let body = max(layout.slot * 0.7, 1)
        for (index, candle) in candles.enumerated() {
            let rising = candle.close >= candle.open
            color(rising ? up : down, alpha: 0.55)
            let top = layout.volumeTop(candle.volume)
            cairo.rectangle(context, layout.x(index) - body / 2, top, body, Layout.volumeBottom - top)
            cairo.fill(context)
        }
        for (index, candle) in candles.enumerated() {
            let rising = candle.close >= candle.open
            color(rising ? up : down)
            cairo.setLineWidth(context, 1)
            line([(layout.x(index), layout.y(candle.high)), (layout.x(index), layout.y(candle.low))])
            let top = layout.y(max(candle.open, candle.close))
            let bottom = layout.y(min(candle.open, candle.close))
            cairo.rectangle(context, layout.x(index) - body / 2, top, body, max(bottom - top, 1))
            cairo.fill(context)
        }

        // EMA 20 (orange) and 50 (blue), aligned with the candles they end at.
        cairo.setLineWidth(context, 1.6)
        for (values, rgb) in [(ema20, (255, 152, 0) as (UInt8, UInt8, UInt8)), (ema50, (41, 98, 255))] {
            let offset = candles.count - values.count
            color(rgb)
            line(values.enumerated().map { (layout.x($0.offset + offset), layout.y($0.element)) })
        }

        // The last price: a line across and its value on the axis.
        if let last = candles.last {
            let y = layout.y(last.close).rounded() + 0.5
            let rgb = last.close >= last.open ? up : down
            color(rgb, alpha: 0.6)
            cairo.setLineWidth(context, 1)
            line([(Layout.plotLeft, y), (Layout.plotRight, y)])
            color(rgb)
            cairo.rectangle(context, Layout.plotRight + 2, y - 10, Double(width) - Layout.plotRight - 4, 20)
            cairo.fill(context)
            cairo.setSourceRGBA(context, 1, 1, 1, 1)
            text(NumberFormat.price(last.close), x: Layout.plotRight + 8, y: y + 5, size: 13, bold: true)
        }

        cairo.setSourceRGBA(context, 0.92, 0.93, 0.95, 1)
        text(title, x: Layout.plotLeft + 4, y: 30, size: 18, bold: true)
        cairo.setSourceRGBA(context, 1, 0.6, 0, 1)
        text("EMA 20", x: Layout.plotRight - 150, y: 30, size: 12)
        cairo.setSourceRGBA(context, 0.16, 0.38, 1, 1)
        text("EMA 50", x: Layout.plotRight - 90, y: 30, size: 12)

        guard cairo.status(context) == 0 else {
            throw Cairo.Unavailable(detail: "drawing failed (\(cairo.status(context)))")
        }
        cairo.surfaceFlush(surface)
        let stride = Int(cairo.imageSurfaceGetStride(surface))
        guard let data = cairo.imageSurfaceGetData(surface) else { throw Cairo.Unavailable(detail: "no pixels") }
        let pixels = Array(UnsafeBufferPointer(start: data, count: stride * height))
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let written = cairo.writeToPNGStream(
            surface,
            { closure, data, length in
                guard let closure, let data else { return 11 }  // CAIRO_STATUS_WRITE_ERROR
                let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return 0
            }, Unmanaged.passUnretained(sink).toOpaque())
        guard written == 0 else { throw Cairo.Unavailable(detail: "PNG not written (\(written))") }
        return withExtendedLifetime(sink) { Image(png: sink.bytes, pixels: pixels, stride: stride, layout: layout) }
    }
}
