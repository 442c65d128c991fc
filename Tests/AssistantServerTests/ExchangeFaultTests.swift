import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import Testing

@testable import AssistantServer

/// Every fault the simulator can play, on every exchange, seen the way a user sees it: a
/// `/price` sent as a webhook update, the reply read from the webhook response. Each case
/// checks the one line that names the exchange and the failure, the partial answer of
/// `/price BTC all`, the bound on upstream calls, and `/healthz` staying 200.
@Suite struct ExchangeFaultTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var exchange: Exchange
        var fault: ExchangeSimulator.Fault.Kind?
        var status: Int? = nil
        /// What the user's line says after the exchange's name.
        var expected: String

        var testDescription: String { "\(exchange.rawValue) \(fault?.rawValue ?? "refused") \(status ?? 0)" }
        var isRateLimit: Bool { status == 429 || status == 418 }
    }

    static let cases: [Case] = Exchange.allCases.flatMap { exchange -> [Case] in
        var cases = [
            Case(exchange: exchange, fault: .delay, expected: "did not answer in time"),
            Case(exchange: exchange, fault: nil, expected: "is unavailable (connection refused)"),
            Case(exchange: exchange, fault: .reset, expected: "is unavailable (connection reset)"),
            Case(exchange: exchange, fault: .status, status: 500, expected: "is unavailable (HTTP 500)"),
            Case(exchange: exchange, fault: .status, status: 503, expected: "is unavailable (HTTP 503)"),
            Case(exchange: exchange, fault: .status, status: 429, expected: "is rate-limiting us until "),
            Case(exchange: exchange, fault: .status, status: 418, expected: "is rate-limiting us until "),
            Case(exchange: exchange, fault: .truncated, expected: "answered garbage"),
            Case(exchange: exchange, fault: .garbage, expected: "answered garbage (not JSON)"),
            Case(exchange: exchange, fault: .wrongShape, expected: "answered garbage (unexpected JSON shape)"),
        ]
        switch exchange {
        case .bybit:
            cases.append(
                Case(
                    exchange: exchange, fault: .envelopeError,
                    expected: "refused the request (10016: Internal system error.)"))
        case .okx:
            cases.append(
                Case(
                    exchange: exchange, fault: .envelopeError,
                    expected: "refused the request (50026: System error. Try again later.)"))
        case .binance:
            cases.append(
                Case(
                    exchange: exchange, fault: .envelopeError,
                    expected: "refused the request (-1000: An unknown error occurred while processing the request.)"))
        case .bitget:
            cases.append(
                Case(
                    exchange: exchange, fault: .envelopeError,
                    expected: "refused the request (40015: System is abnormal, please try again later)"))
        case .gate:
            cases.append(
                Case(
                    exchange: exchange, fault: .envelopeError,
                    expected: "refused the request (SERVER_ERROR: Internal server error)"))
        case .mexc:
            // Spot's answer comes first in the line (MEXC spot errors are `{"code","msg"}`).
            cases.append(
                Case(
                    exchange: exchange, fault: .envelopeError,
                    expected: "refused the request (700007: No permission to access the endpoint.)"))
        }
        return cases
    }

    /// Enough faults for every request of the test: retries must not get through.
    static let persistent = 1_000

    static func start(_ faultCase: Case, refusing: RefusingPort) async throws -> WebhookBench {
        try await WebhookBench.start(
            beforeStart: { simulator in
                guard let kind = faultCase.fault else { return }
                await simulator.server.exchanges.inject(
                    .init(
                        exchange: faultCase.exchange.rawValue, kind: kind, status: faultCase.status,
                        retryAfter: faultCase.isRateLimit ? 120 : nil, delayMilliseconds: 12_000, count: persistent))
            },
            configure: { settings in
                settings.inlineReplyBudgetMilliseconds = 60_000
                // The exchanges that answer must do so in time on a machine busy with every
                // other test (replicas and PostgreSQL among them): 6 s against the simulator's
                // 12 s delay, 10 s when nothing is slow.
                settings.exchangeTimeoutMilliseconds = faultCase.fault == .delay ? 6_000 : 10_000
                if faultCase.fault == nil {
                    let nobody = refusing.url
                    switch faultCase.exchange {
                    case .binance:
                        settings.exchangeEndpoints.binanceSpot = nobody
                        settings.exchangeEndpoints.binanceFutures = nobody
                    case .bybit: settings.exchangeEndpoints.bybit = nobody
                    case .okx: settings.exchangeEndpoints.okx = nobody
                    case .bitget: settings.exchangeEndpoints.bitget = nobody
                    case .gate: settings.exchangeEndpoints.gate = nobody
                    case .mexc:
                        settings.exchangeEndpoints.mexcSpot = nobody
                        settings.exchangeEndpoints.mexcFutures = nobody
                    }
                }
            })
    }

    @Test(arguments: cases)
    func faultGivesOneClearLineAndThePartsThatWorked(faultCase: Case) async throws {
        let refusing = try RefusingPort()
        let bench = try await Self.start(faultCase, refusing: refusing)
        let name = faultCase.exchange.displayName
        var updateID: Int64 = 0
        func ask(_ text: String) async throws -> String {
            updateID += 1
            let answer = try await bench.client.postUpdate(messageUpdate(id: updateID, text: text), to: bench.server)
            #expect(answer.status == 200)
            let reply = try JSONDecoder().decode(InlineReply.self, from: Data(answer.body.utf8))
            #expect(!reply.text.contains("127.0.0.1") && !reply.text.contains("http"), "\(reply.text)")
            #expect(try await bench.client.request(bench.server.baseURL + "/healthz").status == 200)
            return reply.text
        }

        // All six side by side: the failed one says why, the others answer.
        let comparison = try await ask("/price BTC all").split(separator: "\n").map(String.init)
        let failed = comparison.filter { $0.hasPrefix("<b>\(name)</b>") }
        #expect(failed.count == 1 && failed[0].contains(name + " " + faultCase.expected), "\(comparison)")
        for other in Exchange.allCases where other != faultCase.exchange {
            let line = comparison.first { $0.hasPrefix("<b>\(other.displayName)</b>") }
            #expect(line?.contains("<code>") == true, "\(other): \(comparison)")
        }

        // The exchange alone: one line, the exchange's name first.
        let callsBefore = await bench.simulator.server.exchanges.requests(faultCase.exchange.rawValue)
        let single = try await ask("/price BTC \(faultCase.exchange.rawValue)")
        #expect(!single.contains("\n"), "\(single)")
        #expect(single.hasPrefix(name + " " + faultCase.expected), "\(single)")
        let calls = await bench.simulator.server.exchanges.requests(faultCase.exchange.rawValue) - callsBefore

        if faultCase.isRateLimit {
            // Told to wait: not one request until Retry-After has passed, however often asked.
            #expect(calls == 0)
            #expect(single.range(of: #"until \d\d:\d\d:\d\d UTC$"#, options: .regularExpression) != nil, "\(single)")
            for _ in 0..<5 { _ = try await ask("/price ETH \(faultCase.exchange.rawValue)") }
            #expect(await bench.simulator.server.exchanges.requests(faultCase.exchange.rawValue) == callsBefore)
        } else {
            // Bounded: one try and two retries for each of the few requests a price needs.
            #expect(calls <= 4 * 3, "\(calls) requests to \(name) for one /price")
        }
        try await bench.finish()
        withExtendedLifetime(refusing) {}  // refused until the very end
    }
}
