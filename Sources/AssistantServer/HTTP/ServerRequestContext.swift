import Hummingbird
import HummingbirdCore
import NIOCore

/// Hummingbird's basic context plus the peer address, which the Telegram allow-list and
/// `TRUSTED_PROXIES` need.
public struct ServerRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
