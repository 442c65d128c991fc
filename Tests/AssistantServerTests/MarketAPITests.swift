import AssistantCore
import Foundation
import MarketEngine
import MarketSimulator
import Testing

@testable import AssistantServer

/// The JSON API over real sockets, against the simulator.
@Suite struct MarketAPITests {
    static let token = "api-token-0123456789abcdef"

    func get(_ bench: WebhookBench, _ path: String, token: String? = MarketAPITests.token) async throws
        -> TestClient.Answer
    {
        try await bench.client.request(
            bench.server.baseURL + path, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

    @Test func everyEndpointAnswersJSON() async throws {
        let bench = try await WebhookBench.start(configure: { $0.apiToken = Self.token })
        for path in [
            "/api/v1/price?symbol=BTC", "/api/v1/price?symbol=eth&exchange=all",
            "/api/v1/top?ranking=gainers&market=perp&exchange=okx",
            "/api/v1/volume?symbol=SOL&interval=1h", "/api/v1/cvd?symbol=BTC&exchange=bybit",
            "/api/v1/volscan?interval=1h&threshold=2",
            "/api/v1/oi?symbol=BTC", "/api/v1/analysis?symbol=ETH&interval=4h",
        ] {
            let answer = try await get(bench, path)
            #expect(answer.status == 200, "\(path): \(answer.body.prefix(200))")
            #expect((try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) != nil, "\(path) is not JSON")
        }
        let price = try JSONDecoder().decode(
            PriceSnapshot.self, from: Data(try await get(bench, "/api/v1/price?symbol=BTC").body.utf8))
        #expect(price.pair == "BTC/USDT" && price.exchange == .binance && price.spot != nil && price.funding != nil)
        let top = try JSONDecoder().decode(
            TopReport.self, from: Data(try await get(bench, "/api/v1/top?market=perp").body.utf8))
        #expect(top.tickers.count == 10 && top.market == .perp && top.ranking == .volume)
        try await bench.finish()
    }

    @Test func errorsHaveTheirStatus() async throws {
        let bench = try await WebhookBench.start(configure: { $0.apiToken = Self.token })
        #expect(try await get(bench, "/api/v1/price?symbol=BTC", token: nil).status == 401)
        #expect(try await get(bench, "/api/v1/price?symbol=BTC", token: "wrong-token-0123456789").status == 401)
        #expect(try await get(bench, "/api/v1/price").status == 400)
        #expect(try await get(bench, "/api/v1/volume?symbol=BTC&interval=7m").status == 400)
        let unknown = try await get(bench, "/api/v1/price?symbol=BTCC")
        #expect(unknown.status == 404)
        #expect(unknown.body.contains(#""suggestions":["BTC","BCH","ETC"]"#))
        // Percent-decoded once: %2541 is a literal "%41", not "A".
        let literal = try await get(bench, "/api/v1/price?symbol=BTC%2541")
        #expect(literal.body.contains(#""symbol":"BTC%41""#), "\(literal.status) \(literal.body)")
        await bench.simulator.server.exchanges.inject(.init(exchange: "okx", kind: .garbage, count: 10))
        let failed = try await get(bench, "/api/v1/price?symbol=BTC&exchange=okx")
        #expect(failed.status == 502)
        #expect(failed.body.contains(#""exchange":"okx""#))
        #expect(failed.body.contains(#""error":"OKX answered garbage (not JSON)""#), "\(failed.body)")
        #expect(failed.body.contains(#""reason":"badResponse""#), "\(failed.body)")
        // Every exchange at once: the failing one is named with its failure, the others answer.
        let every = try await get(bench, "/api/v1/price?symbol=BTC&exchange=all")
        #expect(every.status == 200)
        let comparison = try JSONDecoder().decode(PriceComparisonReport.self, from: Data(every.body.utf8))
        #expect(comparison.failures[.okx]?.reason == .badResponse("not JSON"))
        #expect(comparison.prices[.binance] != nil && comparison.prices[.bybit] != nil)
        #expect(try await get(bench, "/api/v1/cvd?symbol=BTC&bars=501").body.contains("Bars must be a number"))
        try await bench.finish()
    }

    @Test func disabledWithoutAToken() async throws {
        let bench = try await WebhookBench.start()
        #expect(try await get(bench, "/api/v1/price?symbol=BTC").status == 404)
        try await bench.finish()
    }

    @Test func aSlowCommandSendsAtMostOneTypingBeforeItsReply() async throws {
        let bench = try await WebhookBench.start()
        #expect(try await bench.post(messageUpdate(id: 1, text: "/oi BTC")) == 200)
        _ = await bench.telegram.waitForCalls(1)
        let methods = await bench.telegram.recorded().map(\.method).filter { $0 != "getMe" }
        // "typing…" goes out only when the reply takes over a second (on a loaded machine it
        // can): never after the reply, never twice (the timing is MarketCommandTests').
        #expect(methods == ["sendMessage"] || methods == ["sendChatAction", "sendMessage"], "\(methods)")
        #expect(await bench.telegram.recorded(method: "sendMessage").first?.text?.contains("open interest") == true)
        try await bench.finish()
    }
}

@Suite struct AccountAPITests {
    static let token = "api-token-0123456789abcdef"

    func start(accountEndpoints: Bool) async throws -> WebhookBench {
        try await WebhookBench.start(configure: {
            $0.apiToken = Self.token
            $0.apiAccountEndpoints = accountEndpoints
            $0.exchangeCredentials = [
                .binance: ExchangeCredentials(
                    apiKey: SimulatedAccounts.binance.apiKey, secret: SimulatedAccounts.binance.secret)
            ]
        })
    }

    @Test func accountDataOnlyWhenEnabledAndWithTheToken() async throws {
        let off = try await start(accountEndpoints: false)
        let hidden = try await off.client.request(
            off.server.baseURL + "/api/v1/balance", headers: [("Authorization", "Bearer \(Self.token)")])
        #expect(hidden.status == 404)
        try await off.finish()

        let on = try await start(accountEndpoints: true)
        #expect(try await on.client.request(on.server.baseURL + "/api/v1/positions").status == 401)
        let positions = try await on.client.request(
            on.server.baseURL + "/api/v1/positions", headers: [("Authorization", "Bearer \(Self.token)")])
        #expect(positions.status == 200)
        #expect(positions.body.contains(#""binance":{"value":[{"#))
        #expect(positions.body.contains(#""okx":{"not_configured":true}"#))
        let pnl = try await on.client.request(
            on.server.baseURL + "/api/v1/pnl?period=year", headers: [("Authorization", "Bearer \(Self.token)")])
        #expect(pnl.status == 400)
        try await on.finish()
    }
}
