import AssistantTesting
import Testing

@testable import MarketEngine

/// An exchange that echoes the key it was sent: the key never reaches a reply or a log.
@Suite struct FailureRedactionTests {
    @Test func anEchoedKeyIsCutFromTheExchangesWords() async throws {
        try await withRecordedMarket { market in
            let keys = ExchangeCredentials(apiKey: "bybit-key-7f3a9c", secret: "bybit-secret-0d1e2f")
            await market.exchanges.record(
                #"{"retCode":10003,"retMsg":"API key bybit-key-7f3a9c is invalid (secret bybit-secret-0d1e2f?)","result":{}}"#,
                at: "/v5/account/wallet-balance")
            let accounts = AccountService(engine: market.engine, credentials: [.bybit: keys])
            let outcome = try #require(await accounts.balances().first { $0.0 == .bybit }?.1)
            guard case .failed(let failure) = outcome else {
                Issue.record("expected a failure, got \(outcome)")
                return
            }
            #expect(failure.description.contains("10003") && failure.description.contains("[redacted]"))
            #expect(!failure.description.contains("bybit-key-7f3a9c") && !failure.description.contains("0d1e2f"))
        }
    }

    @Test func shortValuesAndOtherReasonsAreLeftAlone() {
        let failure = MarketFailure(
            .rejected(code: "-2015", message: "Invalid API-key, IP, or permissions"), exchange: .binance)
        #expect(failure.redacting(["API", "abcdefgh"]) == failure)
        let timeout = MarketFailure(.timeout, exchange: .okx)
        #expect(timeout.redacting(["abcdefgh"]) == timeout)
    }
}
