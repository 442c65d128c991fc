import AssistantTesting
import AsyncHTTPClient
import Foundation
import Logging
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantCore
@testable import AssistantServer

/// For every command with both a Telegram reply and a `/api/v1/...` endpoint: the JSON the
/// API sends, decoded and rendered, is the reply the bot sends, character for character,
/// so no number can differ between the two. One engine serves both, over a frozen simulator.
@Suite struct ReplyAndAPIAgreementTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let command: String
        let endpoint: String
        let query: [String: String]
        var testDescription: String { command }
    }

    static let cases: [Case] = [
        Case(command: "/price btc", endpoint: "price", query: ["symbol": "btc"]),
        Case(command: "/price eth okx", endpoint: "price", query: ["symbol": "eth", "exchange": "okx"]),
        Case(command: "/price sol all", endpoint: "price", query: ["symbol": "sol", "exchange": "all"]),
        Case(
            command: "/top10 gainers perp bybit", endpoint: "top",
            query: ["ranking": "gainers", "market": "perp", "exchange": "bybit"]),
        Case(command: "/volume eth 1h", endpoint: "volume", query: ["symbol": "eth", "interval": "1h"]),
        Case(
            command: "/cvd btc 15m 40 bybit", endpoint: "cvd",
            query: ["symbol": "btc", "interval": "15m", "bars": "40", "exchange": "bybit"]),
        Case(command: "/cvd btc 1h 30", endpoint: "cvd", query: ["symbol": "btc", "interval": "1h", "bars": "30"]),
        Case(
            command: "/volscan 1h 1.5 okx", endpoint: "volscan",
            query: ["interval": "1h", "threshold": "1.5", "exchange": "okx"]),
        Case(command: "/oi eth", endpoint: "oi", query: ["symbol": "eth"]),
        Case(command: "/analysis sol 4h", endpoint: "analysis", query: ["symbol": "sol", "interval": "4h"]),
    ]

    @Test(arguments: cases)
    func replyAndJSONAgree(_ example: Case) async throws {
        // The JSON must read what the reply read: a busy machine can take longer than a
        // ticker's 2 s between the two, and Gate's tickers carry no time but our read's.
        var freshness = MarketEngine.Freshness()
        freshness.ticker = .seconds(600)
        freshness.allTickers = .seconds(600)
        freshness.funding = .seconds(600)
        try await withSimulatedMarket(freshness: freshness) { (market) async throws in
            let engine = market.engine
            let dispatcher = Dispatcher(
                handlers: CommandCatalog.handlers(extra: CommandCatalog.marketHandlers(engine: engine)),
                botUsername: nil)
            let routes = MarketAPIRoutes(engine: engine)

            let update = Update(
                updateID: 1,
                message: Message(
                    messageID: 1, from: User(id: 7), date: 0, chat: Chat(id: 7, type: "private"), text: example.command)
            )
            let reply = await dispatcher.replies(to: update).compactMap { method -> String? in
                if case .sendMessage(let message) = method { message.text } else { nil }
            }.joined(separator: "\n")

            let query = MarketAPIRoutes.Query(
                example.query.map { (key: Substring($0.key), value: Substring($0.value)) })
            let data = try await Self.json(routes, example.endpoint, query)
            // The JSON is what the contract documents, real exchange data and all.
            try OpenAPIContract.repositoryCopy().check(Array(data), path: "/api/v1/\(example.endpoint)", status: 200)
            let rendered = try Self.render(example.endpoint, data)
            #expect(!reply.contains("⚠️"), "\(reply)")
            #expect(rendered == reply)

        }
    }

    /// The account commands against the simulator's signed endpoints: the handler's reply
    /// and the account endpoint's JSON, rendered, are the same text.
    @Test(arguments: [("balance", [String]()), ("positions", []), ("pnl", ["today"])])
    func accountRepliesAndJSONAgree(command: String, arguments: [String]) async throws {
        try await withSimulatedMarket { (market) async throws in
            let engine = market.engine
            let service = AccountService(
                engine: engine,
                credentials: [
                    .binance: ExchangeCredentials(
                        apiKey: SimulatedAccounts.binance.apiKey, secret: SimulatedAccounts.binance.secret),
                    .bybit: ExchangeCredentials(
                        apiKey: SimulatedAccounts.bybit.apiKey, secret: SimulatedAccounts.bybit.secret),
                    .bitget: ExchangeCredentials(
                        apiKey: SimulatedAccounts.bitget.apiKey, secret: SimulatedAccounts.bitget.secret,
                        passphrase: SimulatedAccounts.bitget.passphrase),
                    .gate: ExchangeCredentials(
                        apiKey: SimulatedAccounts.gate.apiKey, secret: SimulatedAccounts.gate.secret),
                    .mexc: ExchangeCredentials(
                        apiKey: SimulatedAccounts.mexc.apiKey, secret: SimulatedAccounts.mexc.secret),
                ])
            let handler: any CommandHandler =
                switch command {
                case "balance": BalanceCommand(service: service)
                case "positions": PositionsCommand(service: service)
                default: PnLCommand(service: service)
                }
            let invocation = CommandInvocation(
                command: ParsedCommand(name: command, arguments: arguments), chat: Chat(id: 7, type: "private"),
                sender: User(id: 7))
            let reply = await handler.run(invocation).html

            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let decoder = JSONDecoder()
            let rendered: String
            let data: Data
            switch command {
            case "balance":
                data = try encoder.encode(BalanceReport(await service.balances(), dustUSD: service.dustUSD))
                rendered = BalanceRenderer.render(try decoder.decode(BalanceReport.self, from: data), in: .english)
            case "positions":
                data = try encoder.encode(PositionsReport(await service.positions()))
                rendered = PositionsRenderer.render(try decoder.decode(PositionsReport.self, from: data), in: .english)
            default:
                let report = await PnLReport.make(
                    service: service, period: .today, now: AppClock.system.wallMilliseconds)
                data = try encoder.encode(report)
                rendered = PnLRenderer.render(try decoder.decode(PnLReport.self, from: data), in: .english)
            }
            try OpenAPIContract.repositoryCopy().check(Array(data), path: "/api/v1/\(command)", status: 200)
            #expect(reply.contains("<b>Binance</b>") && reply.contains("<b>OKX</b>: not configured"), "\(reply)")
            for name in ["Bitget", "Gate", "MEXC"] { #expect(reply.contains("<b>\(name)</b>"), "\(name): \(reply)") }
            #expect(!reply.contains("⚠️"), "\(reply)")
            #expect(rendered == reply)

        }
    }

    /// What the endpoint sends, encoded as `MarketAPIRoutes.json` encodes it.
    static func json(_ routes: MarketAPIRoutes, _ endpoint: String, _ query: MarketAPIRoutes.Query) async throws
        -> Data
    {
        let value: any Encodable =
            switch endpoint {
            case "price": try await routes.price(query)
            case "top": try await routes.top(query)
            case "volume": try await routes.volume(query)
            case "cvd": try await routes.cvd(query)
            case "volscan": try await routes.volscan(query)
            case "oi": try await routes.oi(query)
            case "analysis": try await routes.analysis(query)
            default: throw ArgumentError(.invalid, .symbol)
            }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(value)
    }

    /// The JSON read back as the report type and put through the command's renderer.
    static func render(_ endpoint: String, _ data: Data) throws -> String {
        let decoder = JSONDecoder()
        return switch endpoint {
        case "price":
            PriceRenderer.render(
                try decoder.decode(PriceReport.self, from: data), now: AppClock.system.wallMilliseconds, in: .english)
        case "top": TopRenderer.render(try decoder.decode(TopReport.self, from: data), in: .english)
        case "volume": VolumeRenderer.render(try decoder.decode(VolumeReport.self, from: data), in: .english)
        case "cvd": CVDRenderer.render(try decoder.decode(CVDReport.self, from: data), in: .english)
        case "volscan": VolumeScanRenderer.render(try decoder.decode(VolumeScanReport.self, from: data), in: .english)
        case "oi": OpenInterestRenderer.render(try decoder.decode(OpenInterestReport.self, from: data), in: .english)
        case "analysis": AnalysisRenderer.render(try decoder.decode(AnalysisReport.self, from: data), in: .english)
        default: ""
        }
    }
}
