import ArgumentParser
import AssistantServer
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// `health`: asks the running `serve` for `/healthz` on loopback; exit 0 when it answers 200.
/// For container health checks, so the runtime image needs no curl.
struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exit 0 if the local serve answers /healthz with 200 (for HEALTHCHECK), 1 otherwise.")

    @OptionGroup var options: SettingsOptions
    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int64 = 3

    func run() async throws {
        try await reportingFailures {
            let settings = try await options.load()
            // The listener may be bound to 0.0.0.0; loopback always reaches it.
            let host = ["0.0.0.0", "::", ""].contains(settings.listenHost) ? "127.0.0.1" : settings.listenHost
            let url = "\(settings.usesTLS ? "https" : "http")://\(host):\(settings.effectivePort)/healthz"
            var configuration = HTTPClient.Configuration()
            // Our own listener on loopback, often with a self-signed certificate.
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
            configuration.connectionPool.retryConnectionEstablishment = false
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            var status: UInt = 0
            do {
                let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(timeout))
                status = response.status.code
            } catch {
                status = 0
            }
            try? await http.shutdown()
            guard status == 200 else {
                throw Failure.message("unhealthy: \(url) answered \(status == 0 ? "nothing" : String(status))", code: 1)
            }
            print("healthy: \(url)")
        }
    }
}
