import MarketEngine

extension Market {
    /// "Spot", "Perp": how a line of a reply starts.
    var label: String {
        switch self {
        case .spot: "Spot"
        case .perp: "Perp"
        }
    }
}
