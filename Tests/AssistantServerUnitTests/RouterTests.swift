import AssistantCore
import AssistantTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MarketEngine
import NIOCore
import Testing

@testable import AssistantServer

/// Every route of the main listener driven in memory (HummingbirdTesting's `.router`, no
/// socket): the webhook's refusals and bounds, health, the JSON API's token, errors and the
/// shape of every response against `openapi.json`.
@Suite struct RouterTests {
    static let secret = "router-test-secret-0123456789"
    static let token = "router-test-api-token-0123456789"
    static let time: Int64 = 1_780_000_000_000

    /// The router over fixed market data, a pipeline in memory (local mode: replies come
    /// back inline), running while `body` runs.
    static func withRouter(
        allowList: Bool = false, ready: Bool = true,
        _ body: @Sendable (any TestClientProtocol, Readiness) async throws -> Void
    ) async throws {
        var settings = Settings()
        settings.webhookSecret = secret
        settings.apiToken = token
        settings.apiAccountEndpoints = true
        settings.telegramIPAllowList = allowList
        var binance = FixedMarketAdapter(exchange: .binance)
        binance.list("BTC", spot: 97_000, mark: 97_097, time: time)
        binance.list("ETH", spot: 3_500, mark: 3_501, time: time)
        binance.addHistory(until: time)
        var bybit = FixedMarketAdapter(exchange: .bybit)
        bybit.list("BTC", spot: 96_500, mark: 96_400, fundingRate: -0.0002, time: time)
        bybit.addHistory(until: time)
        let engine = MarketEngine.fixed([binance, bybit])
        let accounts = AccountService(engine: engine, credentials: [:])
        let stores = MemoryStores().stores
        let logger = Logger(label: "router-test")
        let counters = PipelineCounters()
        let pipeline = UpdatePipeline(
            dispatcher: Dispatcher(
                handlers: CommandCatalog.handlers(extra: CommandCatalog.marketHandlers(engine: engine)),
                botUsername: nil, preferences: stores.preferences),
            sink: LocalReplySink(logger: logger), chats: LocalChats(journal: stores.journal, logger: logger),
            inlineBudget: AppComponents.inlineBudget(settings), counters: counters, clock: engine.clock, logger: logger)
        let readiness = Readiness()
        if ready { readiness.markReady() }
        let router = ServerRouter.make(
            settings: settings, webhookSecret: secret, pipeline: pipeline, readiness: readiness, engine: engine,
            accounts: accounts, metrics: nil, counters: counters, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await pipeline.run() }
            defer { pipeline.stopIntake() }
            try await Application(router: router).test(.router) { client in try await body(client, readiness) }
        }
    }

    static func update(_ text: String, id: Int64 = 1) -> ByteBuffer {
        ByteBuffer(
            string:
                #"{"update_id":\#(id),"message":{"message_id":\#(id),"date":0,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"a"},"text":"\#(text)"}}"#
        )
    }

    static let secretHeader: HTTPFields = [HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: secret]
    static let bearer: HTTPFields = [.authorization: "Bearer \(token)"]

    @Test func theWebhookRefusesWhatIsNotTelegramsAndAnswersWhatIs() async throws {
        try await Self.withRouter { client, _ in
            let path = Settings().webhookPath
            try await client.execute(uri: path, method: .post, body: Self.update("/start")) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: path, method: .post, headers: [HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: "wrong"],
                body: Self.update("/start")
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: path, method: .post, headers: Self.secretHeader,
                body: ByteBuffer(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
            ) { #expect($0.status == .contentTooLarge) }
            try await client.execute(
                uri: path, method: .post, headers: Self.secretHeader, body: ByteBuffer(string: #"{"message":"#)
            ) { #expect($0.status == .badRequest) }
            // Local mode: the reply comes back in the response, as a Bot API call.
            try await client.execute(uri: path, method: .post, headers: Self.secretHeader, body: Self.update("/start"))
            { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains(#""method":"sendMessage""#) && body.contains("crypto-assistant"), "\(body)")
            }
            // The same update again: acknowledged, answered once.
            try await client.execute(uri: path, method: .post, headers: Self.secretHeader, body: Self.update("/start"))
            { #expect($0.status == .ok && $0.body.readableBytes == 0) }
            try await client.execute(uri: path, method: .get, headers: Self.secretHeader) {
                #expect($0.status == .notFound || $0.status == .methodNotAllowed)
            }
        }
    }

    @Test func withTheAllowListAClientOutsideTelegramsRangesIsForbidden() async throws {
        try await Self.withRouter(allowList: true) { client, _ in
            try await client.execute(
                uri: Settings().webhookPath, method: .post, headers: Self.secretHeader, body: Self.update("/start")
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test func healthAndReadiness() async throws {
        try await Self.withRouter(ready: false) { client, readiness in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains(#""status":"ok""#))
            }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
            readiness.markReady()
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func theAPINeedsItsTokenAndServesItsContract() async throws {
        let contract = try OpenAPIContract.repositoryCopy()
        try await Self.withRouter { client, _ in
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: Self.token]] {
                try await client.execute(uri: "/api/v1/price?symbol=BTC", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    try contract.check(Array(buffer: response.body), path: "/api/v1/price", status: 401)
                }
            }
            try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: Self.bearer) { response in
                #expect(response.status == .ok)
                #expect(
                    String(buffer: response.body) == contract.text.trimmingCharacters(in: .newlines),
                    "the served document is the repository's")
            }
            try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: Self.bearer) {
                #expect($0.status == .notFound)
            }
        }
    }

    /// Every documented operation answers as documented: the usual request, and the mistakes
    /// each can meet (an unknown symbol, a word the grammar refuses).
    @Test func everyRouteAnswersAsTheContractSays() async throws {
        let contract = try OpenAPIContract.repositoryCopy()
        let requests: [(path: String, query: String, status: HTTPResponse.Status)] = [
            ("/api/v1/price", "symbol=BTC", .ok), ("/api/v1/price", "symbol=BTC&exchange=all", .ok),
            ("/api/v1/price", "symbol=NOSUCH", .notFound), ("/api/v1/price", "", .badRequest),
            ("/api/v1/price", "symbol=BTC&exchange=kraken", .badRequest), ("/api/v1/top", "", .ok),
            ("/api/v1/top", "ranking=gainers&market=perp", .ok), ("/api/v1/top", "ranking=best", .badRequest),
            ("/api/v1/volume", "symbol=BTC", .ok), ("/api/v1/volume", "symbol=BTC&interval=2w", .badRequest),
            ("/api/v1/cvd", "symbol=BTC&bars=30", .ok), ("/api/v1/cvd", "symbol=BTC&bars=9000", .badRequest),
            ("/api/v1/volscan", "", .ok), ("/api/v1/volscan", "threshold=-1", .badRequest),
            ("/api/v1/oi", "symbol=BTC", .ok), ("/api/v1/analysis", "symbol=BTC", .ok),
            ("/api/v1/analysis", "symbol=ETH&interval=1h", .ok), ("/api/v1/balance", "", .ok),
            ("/api/v1/positions", "", .ok), ("/api/v1/pnl", "", .ok), ("/api/v1/pnl", "period=1y", .badRequest),
        ]
        let documented = Set(contract.operations.map(\.path))
        #expect(Set(requests.map(\.path)).union(["/api/v1/openapi.json"]) == documented, "every operation tried")
        try await Self.withRouter { client, _ in
            for request in requests {
                let uri = request.path + (request.query.isEmpty ? "" : "?" + request.query)
                try await client.execute(uri: uri, method: .get, headers: Self.bearer) { response in
                    #expect(response.status == request.status, "\(uri): \(String(buffer: response.body))")
                    #expect(response.headers[.contentType] == "application/json", "\(uri)")
                    do {
                        try contract.check(
                            Array(buffer: response.body), path: request.path, status: Int(response.status.code))
                    } catch {
                        Issue.record("\(uri): \(error)")
                    }
                }
            }
        }
    }

    /// The check above can fail: bodies of the wrong shape, and statuses the document does
    /// not list, are refused.
    @Test func theContractRefusesWhatItDoesNotDocument() throws {
        let contract = try OpenAPIContract.repositoryCopy()
        let wrong: [(body: String, path: String, status: Int)] = [
            ("{}", "/api/v1/price", 200), (#"{"error":5}"#, "/api/v1/price", 400), ("[]", "/api/v1/top", 200),
            (#"{"error":"x"}"#, "/api/v1/price", 418), ("{}", "/api/v1/nowhere", 200),
            (#"{"exchange":"binance","market":"spot","ranking":"volume","tickers":"none"}"#, "/api/v1/top", 200),
        ]
        for (body, path, status) in wrong {
            #expect(throws: (any Error).self, "\(path) \(status) \(body)") {
                try contract.check(Array(body.utf8), path: path, status: status)
            }
        }
        try contract.check(Array(#"{"error":"missing or wrong bearer token"}"#.utf8), path: "/api/v1/oi", status: 401)
    }

    @Test func theRepositorysDocumentIsTheEmbeddedOne() throws {
        let copy = try OpenAPIContract.repositoryCopy().text.trimmingCharacters(in: .newlines)
        #expect(copy == OpenAPIDocument.text, "run make docs")
    }
}
