import Hummingbird
import NIOCore

/// `GET /healthz` (alive: always 200 while serving) and `GET /readyz` (200 only between
/// start-up and shutdown). Neither needs a secret; neither shows one.
struct HealthRoutes: Sendable {
    let readiness: Readiness
    let version: String

    func register(on router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in self.health() }
        router.get("/readyz") { _, _ in self.ready() }
    }

    func health() -> Response {
        let uptime = (ContinuousClock.now - readiness.startedAt).components.seconds
        let json =
            #"{"status":"ok","version":"\#(version)","uptime_s":\#(uptime),"rss_bytes":\#(ProcessMemory.residentBytes())}"#
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }

    func ready() -> Response {
        let isReady = readiness.isReady
        return Response(
            status: isReady ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(
                byteBuffer: ByteBuffer(string: isReady ? #"{"status":"ready"}"# : #"{"status":"not_ready"}"#)))
    }
}
