import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The one client for outbound calls (exchanges and the Bot API).
    ///
    /// A refused connection fails at once: the exchange gateway and the reply sink retry
    /// with their own backoff. AsyncHTTPClient's default retries connection establishment
    /// until the request's deadline, which made an exchange that is down cost the full
    /// timeout on every attempt (15 s for one `/price` instead of under one).
    public static func makeOutbound() -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(5), read: .seconds(60)), connectionPool: .init(idleTimeout: .seconds(60)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
