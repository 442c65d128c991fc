import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// How a gateway's requests travel: over AsyncHTTPClient (`HTTPClient` is one), or, in the
/// tests that feed an adapter the bodies an exchange sent or documents, from memory. The
/// gateway around it keeps the timeouts, retries, bans and rate-limit headers either way.
public protocol ExchangeTransport: Sendable {
    /// The answer to `request`: its status, headers and body (at most `maxBodyBytes`).
    func send(_ request: HTTPClientRequest, timeout: TimeAmount, maxBodyBytes: Int) async throws
        -> ExchangeTransportAnswer
}

public struct ExchangeTransportAnswer: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

extension HTTPClient: ExchangeTransport {
    public func send(_ request: HTTPClientRequest, timeout: TimeAmount, maxBodyBytes: Int) async throws
        -> ExchangeTransportAnswer
    {
        let response = try await execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: maxBodyBytes)
        return ExchangeTransportAnswer(
            status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
    }
}
