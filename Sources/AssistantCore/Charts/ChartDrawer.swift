import MarketEngine

/// What draws `/chart`'s picture: the seam that keeps Cairo (and the ~20 libraries it loads)
/// out of the core. `CandleChart` in the `ChartDrawing` module is the one the server uses.
public protocol ChartDrawer: Sendable {
    /// The candles as a PNG under `title`; throws `ChartDrawingUnavailable` when the drawing
    /// library cannot be loaded.
    func png(_ candles: [Candle], title: String) throws -> [UInt8]
}

/// Charts cannot be drawn on this machine; `detail` says why (technical, untranslated).
public struct ChartDrawingUnavailable: Error, Sendable, CustomStringConvertible {
    public var detail: String

    public init(detail: String) {
        self.detail = detail
    }

    public var description: String { detail }
}
