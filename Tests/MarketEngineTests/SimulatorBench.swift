import AssistantTesting

/// A simulator frozen at a fixed time and an engine pointed at it (the shared fixture).
typealias SimulatorBench = SimulatedMarket

/// Relative closeness, for values that went through decimal strings.
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-12)
}
