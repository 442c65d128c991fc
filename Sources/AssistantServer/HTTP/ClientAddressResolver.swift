import HTTPTypes
import Hummingbird
import NIOCore

/// Who sent a request: the TCP peer, or, when the peer is a trusted proxy (nginx), the
/// address the proxy recorded in `X-Forwarded-For`. The header is read right to left and
/// trusted proxies are skipped, so a client cannot forge its address by sending its own
/// `X-Forwarded-For`: only the entry the last trusted proxy appended counts.
struct ClientAddressResolver: Sendable {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    let trustedProxies: [IPAddressRange]

    func clientAddress(peer: String?, headers: HTTPFields) -> String? {
        guard let peer else { return nil }
        guard !trustedProxies.isEmpty, trustedProxies.contains(address: peer) else { return peer }
        let hops = headers[values: Self.forwardedFor]
            .flatMap { $0.split(separator: ",") }
            .map { String($0).strippingBlanks() }
            .filter { !$0.isEmpty }
        var client = peer
        for hop in hops.reversed() {
            client = hop
            if !trustedProxies.contains(address: hop) { break }
        }
        return client
    }

    func clientAddress(of request: Request, context: some RemoteAddressRequestContext) -> String? {
        clientAddress(peer: context.remoteAddress?.ipAddress, headers: request.headers)
    }
}
