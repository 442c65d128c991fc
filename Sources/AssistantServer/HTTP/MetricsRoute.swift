import HTTPTypes
import Hummingbird
import MarketEngine
import NIOCore

/// `GET /metrics` in Prometheus text format; with `METRICS_TOKEN`, only for
/// `Authorization: Bearer <token>`.
struct MetricsRoute: Sendable {
    let metrics: ServerMetrics
    let pipeline: UpdatePipeline
    let engine: MarketEngine
    let token: [UInt8]?

    func register(on router: Router<some RequestContext>) {
        router.get("/metrics") { request, _ in await self.handle(request) }
    }

    func handle(_ request: Request) async -> Response {
        if let token {
            let presented = request.headers[.authorization].flatMap { value in
                value.hasPrefix("Bearer ") ? Array(value.utf8.dropFirst(7)) : nil
            }
            guard let presented, WebhookSecret.matches(presented, secret: token) else {
                return Response(
                    status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "unauthorized\n")))
            }
        }
        let depth = pipeline.depth
        let weight = await engine.limiter.usedWeight[.binance]
        let text = metrics.exposition(queueDepth: depth, binanceUsedWeight: weight)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }
}
