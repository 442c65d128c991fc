/// Stub: replaced by the MEXC wire format.
struct MEXCWire {
    let universe: SimulatedUniverse
    let now: Int64

    func answer(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        json(#"{"error":"not built"}"#, status: 404)
    }

    /// The exchange's error body for an HTTP status fault below 500.
    static func errorBody(status: Int) -> String { #"{"code":\#(status),"msg":"error"}"# }

    /// The exchange's own error inside an HTTP 200.
    static func envelopeError(path: String) -> ExchangeSimulator.Answer { json(#"{"error":"not built"}"#) }
}
