import HTTPTypes
import Hummingbird
import MarketEngine
import NIOCore

/// `GET /metrics` in Prometheus text format; with `METRICS_TOKEN`, only for
/// `Authorization: Bearer <token>` (`SharedSecretMiddleware` on its group).
struct MetricsRoute: Sendable {
    let metrics: ServerMetrics
    let pipeline: UpdatePipeline
    let engine: MarketEngine
    let token: [UInt8]?

    func register<Context: RequestContext>(on router: Router<Context>) {
        let group = router.group("/metrics")
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
