import HTTPTypes
import Hummingbird
import MarketEngine
import NIOCore

/// `GET /metrics` in Prometheus text format; with `METRICS_TOKEN`, only for
/// `Authorization: Bearer <token>` (`SharedSecretMiddleware` on its group). Without a token
/// it is served only on a loopback listener: on one others can reach, the metrics (chat
/// counts, exchange budgets, error rates) would be open to anyone, so it answers 403.
struct MetricsRoute: Sendable {
    let metrics: ServerMetrics
    let pipeline: UpdatePipeline
    let engine: MarketEngine
    let token: [UInt8]?

    /// Whether `host`, a listen address, accepts connections only from this machine.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    func register<Context: RequestContext>(on router: Router<Context>, listenHost: String) {
        let group = router.group("/metrics")
        guard token != nil || Self.isLoopback(listenHost) else {
            group.get { _, _ -> Response in
                throw PlainTextError(
                    status: .forbidden,
                    text: "/metrics on a non-loopback listener needs METRICS_TOKEN (or METRICS_PORT on 127.0.0.1)")
            }
            return
        }
        if let token {
            group.add(
                middleware: SharedSecretMiddleware(
                    secret: token, presentation: .bearer,
                    refusal: {
                        PlainTextError(
                            status: .unauthorized, text: "unauthorized", headers: [.wwwAuthenticate: "Bearer"])
                    }))
        }
        group.get { _, _ in await self.handle() }
    }

    func handle() async -> Response {
        let depth = pipeline.depth
        let weight = await engine.limiter.usedWeight[.binance]
        let remaining = await engine.limiter.remainingRequests[.gate]
        let text = metrics.exposition(queueDepth: depth, binanceUsedWeight: weight, gateRequestsRemaining: remaining)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }
}
