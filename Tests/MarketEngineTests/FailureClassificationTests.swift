import AssistantTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Testing

@testable import MarketEngine

/// How the gateway names a failed request: by the error's type, never its text.
@Suite struct FailureClassificationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let error: any Error & Sendable
        let reason: MarketFailure.Reason
        var testDescription: String { "\(error) → \(reason)" }
    }

    /// An error type the gateway has never heard of, whose text would have fooled the old
    /// substring match ("reset", "refused").
    struct Unknown: Error, CustomStringConvertible {
        var description: String { "connection refused and reset by TLS" }
    }

    static let cases: [Case] = [
        Case(error: HTTPClientError.connectTimeout, reason: .timeout),
        Case(error: HTTPClientError.readTimeout, reason: .timeout),
        Case(error: HTTPClientError.deadlineExceeded, reason: .timeout),
        Case(error: HTTPClientError.getConnectionFromPoolTimeout, reason: .timeout),
        Case(error: HTTPClientError.remoteConnectionClosed, reason: .connection(.reset)),
        Case(error: HTTPClientError.cancelled, reason: .cancelled),
        Case(error: HTTPClientError.invalidURL, reason: .connection(.other)),
        Case(error: CancellationError(), reason: .cancelled),
        Case(error: ChannelError.connectTimeout(.seconds(1)), reason: .timeout),
        Case(error: ChannelError.eof, reason: .connection(.reset)),
        Case(error: ChannelError.ioOnClosedChannel, reason: .connection(.reset)),
        Case(error: IOError(errnoCode: ECONNREFUSED, reason: "connect"), reason: .connection(.refused)),
        Case(error: IOError(errnoCode: ECONNRESET, reason: "read"), reason: .connection(.reset)),
        Case(error: IOError(errnoCode: EPIPE, reason: "write"), reason: .connection(.reset)),
        Case(error: IOError(errnoCode: ETIMEDOUT, reason: "read"), reason: .timeout),
        Case(error: IOError(errnoCode: ENETUNREACH, reason: "connect"), reason: .connection(.other)),
        Case(error: HTTPParserError.invalidEOFState, reason: .connection(.reset)),
        Case(error: HTTPParserError.invalidStatus, reason: .badResponse("malformed HTTP")),
        Case(error: NIOTooManyBytesError(maxBytes: 10), reason: .badResponse("body too large")),
        Case(error: NIOSSLError.uncleanShutdown, reason: .connection(.reset)),
        Case(error: NIOSSLError.handshakeFailed(.syscallError), reason: .connection(.tls)),
        Case(error: MarketFailure.timedOut(.bybit), reason: .timeout),
        Case(error: Unknown(), reason: .connection(.other)),
    ]

    @Test(arguments: cases)
    func errorTypesMapToReasons(_ example: Case) {
        let failure = MarketFailure(transport: example.error, exchange: .okx)
        #expect(failure.reason == example.reason)
        #expect(failure.exchange == .okx)
    }

    @Test func retriedAreDroppedConnectionsAndServerErrorsOnly() {
        #expect(MarketFailure.connection(.okx, .reset).isRetryable)
        #expect(MarketFailure.connection(.okx, .refused).isRetryable)
        #expect(MarketFailure.httpStatus(.okx, 502).isRetryable)
        #expect(!MarketFailure.timedOut(.okx).isRetryable)
        #expect(!MarketFailure(.cancelled, exchange: .okx).isRetryable)
        #expect(!MarketFailure.rejected(.okx, code: "50026", message: "System error.").isRetryable)
        #expect(!MarketFailure.badResponse(.okx, reason: "not JSON").isRetryable)
    }

    /// The whole way: AsyncHTTPClient's own error for a refused connection, through the
    /// gateway, is `.connection(.refused)` and is logged in the words the reply uses.
    @Test func aRefusedConnectionIsNamedSo() async throws {
        let refusing = try RefusingPort()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let gateway = ExchangeGateway(
            exchange: .bybit, baseURL: refusing.url, http: http, policy: .init(retries: 0), limiter: RateLimitGuard())
        await #expect(throws: MarketFailure.connection(.bybit, .refused)) {
            try await gateway.get("/v5/market/time")
        }
        #expect(MarketFailure.connection(.bybit, .refused).description == "Bybit is unavailable (connection refused)")
        try await http.shutdown()
        withExtendedLifetime(refusing) {}
    }

    @Test(arguments: [
        MarketFailure.unknownSymbol("btcc", suggestions: ["BTC", "BCH"]),
        .notListed("AAVE/USDT", .binance, .perp), .timedOut(.okx), .connection(.bybit, .tls),
        .rateLimited(.binance, untilEpochSeconds: 3723), .httpStatus(.okx, 503),
        .rejected(.okx, code: "50026", message: "System error."), .badResponse(.binance, reason: "not JSON"),
        MarketFailure(.cancelled, exchange: .okx), MarketFailure(.unexpected, exchange: nil),
    ])
    func failuresRoundTripThroughJSON(_ failure: MarketFailure) throws {
        let data = try JSONEncoder().encode(failure)
        #expect(try JSONDecoder().decode(MarketFailure.self, from: data) == failure)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["message"] as? String == failure.description)
        #expect(object["exchange"] as? String == failure.exchange?.rawValue)
    }
}
