import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension MarketFailure {
    /// What a failed HTTP exchange means, from the error's type: AsyncHTTPClient's own
    /// errors, NIO's connect/channel/socket errors, TLS errors and cancellation. A type
    /// this does not know is a network error (retried), never guessed from its text.
    public init(transport error: any Error, exchange: Exchange) {
        self.init(Self.reason(of: error), exchange: exchange)
    }

    static func reason(of error: any Error) -> Reason {
        switch error {
        case let failure as MarketFailure: return failure.reason
        case is CancellationError: return .cancelled
        case let error as HTTPClientError: return reason(of: error)
        case let error as NIOConnectionError:
            // Happy Eyeballs tried every address: one refusal means the host is there and
            // said no, which is what the reply should say.
            let reasons = error.connectionErrors.map { reason(of: $0.error) }
            if reasons.contains(.connection(.refused)) { return .connection(.refused) }
            if let first = reasons.first { return first }
            return error.dnsAError != nil || error.dnsAAAAError != nil ? .connection(.dns) : .connection(.other)
        case is SocketAddressError.UnknownHost: return .connection(.dns)
        case let error as ChannelError: return reason(of: error)
        case let error as IOError: return reason(errno: error.errnoCode)
        case HTTPParserError.invalidEOFState: return .connection(.reset)
        case is HTTPParserError: return .badResponse("malformed HTTP")
        case is NIOTooManyBytesError: return .badResponse("body too large")
        case NIOSSLError.uncleanShutdown: return .connection(.reset)
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError: return .connection(.tls)
        default: return .connection(.other)
        }
    }

    static func reason(of error: HTTPClientError) -> Reason {
        switch error {
        case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout,
            .tlsHandshakeTimeout:
            .timeout
        case .remoteConnectionClosed, .uncleanShutdown: .connection(.reset)
        case .cancelled, .requestStreamCancelled: .cancelled
        default: .connection(.other)
        }
    }

    static func reason(of error: ChannelError) -> Reason {
        switch error {
        case .connectTimeout: .timeout
        case .eof, .ioOnClosedChannel, .alreadyClosed, .inputClosed, .outputClosed: .connection(.reset)
        default: .connection(.other)
        }
    }

    static func reason(errno code: CInt) -> Reason {
        switch code {
        case ECONNREFUSED: .connection(.refused)
        case ECONNRESET, ECONNABORTED, EPIPE: .connection(.reset)
        case ETIMEDOUT: .timeout
        default: .connection(.other)
        }
    }
}
