/// Stub: replaced by Gate's signed endpoints.
extension SimulatedAccounts {
    public static let gate = Keys(apiKey: "sim-gate-key-0123456789", secret: "sim-gate-secret-abcdef")
    static let gateSignedPaths: Set<String> = []

    func gateAuthorise(_ path: String, _ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        nil
    }

    func gate(_ path: String, _ query: [String: String], _ headers: [String: String]) -> ExchangeSimulator.Answer {
        json(#"{"label":"NOT_FOUND"}"#, status: 404)
    }
}
