/// Stub: replaced by MEXC's signed endpoints.
extension SimulatedAccounts {
    public static let mexc = Keys(apiKey: "sim-mexc-key-0123456789", secret: "sim-mexc-secret-abcdef")
    static let mexcSignedPaths: Set<String> = []

    func mexcAuthorise(_ path: String, _ rawQuery: String, _ query: [String: String], _ headers: [String: String])
        -> ExchangeSimulator.Answer?
    {
        nil
    }

    func mexc(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        json(#"{"success":false,"code":404,"message":"not built"}"#, status: 404)
    }
}
