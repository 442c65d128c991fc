/// Stub: replaced by the Gate wire format.
struct GateWire {
    let universe: SimulatedUniverse
    let now: Int64

    func answer(_ path: String, _ query: [String: String], _ headers: [String: String]) -> ExchangeSimulator.Answer {
        json(#"{"label":"NOT_BUILT"}"#, status: 404)
    }

    /// The exchange's error body for an HTTP status fault below 500.
    static func errorBody(status: Int) -> String { #"{"label":"ERROR","message":"error"}"# }

    /// Gate has no envelope: its errors are non-2xx with a label.
    static func envelopeError() -> ExchangeSimulator.Answer { json(#"{"label":"SERVER_ERROR"}"#, status: 400) }
}
