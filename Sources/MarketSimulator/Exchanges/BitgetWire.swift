/// Stub: replaced by the Bitget wire format.
struct BitgetWire {
    let universe: SimulatedUniverse
    let now: Int64

    func answer(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        json(#"{"error":"not built"}"#, status: 404)
    }

    /// The exchange's error body for an HTTP status fault below 500.
    static func errorBody(status: Int, now: Int64) -> String { #"{"code":\#(status),"msg":"error"}"# }

    /// The exchange's own error inside an HTTP 200.
    static func envelopeError(now: Int64) -> ExchangeSimulator.Answer { json(#"{"error":"not built"}"#) }
}
