/// Stub: replaced by Bitget's signed endpoints.
extension SimulatedAccounts {
    public static let bitget = Keys(
        apiKey: "sim-bitget-key-0123456789", secret: "sim-bitget-secret-abcdef", passphrase: "sim-bitget-pass")
    static let bitgetSignedPaths: Set<String> = []

    func bitgetAuthorise(_ path: String, _ rawQuery: String, _ headers: [String: String]) -> ExchangeSimulator.Answer? {
        nil
    }

    func bitget(_ path: String, _ query: [String: String]) -> ExchangeSimulator.Answer {
        json(#"{"code":"40404","msg":"not built"}"#, status: 404)
    }
}
