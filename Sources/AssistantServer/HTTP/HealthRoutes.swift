import Hummingbird
import NIOCore

/// `GET /healthz` (alive: always 200 while serving) and `GET /readyz` (200 only between
/// start-up and shutdown, and while the store is available). Neither needs a secret;
/// neither shows one.
struct HealthRoutes: Sendable {
    let readiness: Readiness
    let version: String

    func register(on router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in self.health() }
        router.get("/readyz") { _, _ in self.ready() }
    }

    func health() -> Response {
        let uptime = readiness.uptime.components.seconds
        let json =
            #"{"status":"ok","version":"\#(version)","uptime_s":\#(uptime),"rss_bytes":\#(ProcessMemory.residentBytes())}"#
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }

    func ready() -> Response {
        let body =
            if !readiness.isListening {
                #"{"status":"not_ready"}"#
            } else if !readiness.storeIsAvailable {
                #"{"status":"not_ready","database":"unavailable"}"#
            } else if let code = readiness.tokenRefusal {
                #"{"status":"not_ready","telegram":"bot token refused (\#(code))"}"#
            } else {
                #"{"status":"ready"}"#
            }
        return Response(
            status: readiness.isReady ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
