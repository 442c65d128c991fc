import AssistantCore
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import UnixSignals

/// `serve`: the HTTP(S) listener with the webhook, `/healthz` and `/readyz`, over the
/// shared pipeline, in one service group that drains on SIGTERM/SIGINT.
public final class WebhookServer: Sendable {
    public let components: AppComponents
    public let readiness: Readiness
    /// The TLS certificate in use; nil for plain HTTP.
    public let certificates: CertificateStore?
    private let group: ServiceGroup
    private let port = OneShot<Int>()
    private let metricsPort = OneShot<Int>()

    public init(
        settings: Settings, logger: Logger, options: AppComponents.Options = .init(),
        signals: [UnixSignal] = [.sigterm, .sigint], reloadSignals: [UnixSignal] = [.sighup]
    ) async throws {
        guard let secret = settings.webhookSecret else {
            throw SettingsError(name: "WEBHOOK_SECRET", problem: "is not set")
        }
        let certificates = try settings.tlsCertFile.map { certificateFile in
            try CertificateStore(certificateFile: certificateFile, keyFile: settings.tlsKeyFile ?? "")
        }
        self.certificates = certificates
        let components = try await AppComponents.assemble(settings: settings, logger: logger, options: options)
        self.components = components
        self.readiness = Readiness(
            storeIsAvailable: components.storeIsAvailable,
            tokenRefusal: { [status = components.botAPIStatus] in status.tokenRefusal }, clock: components.clock)
        let serverBuilder = Self.serverBuilder(
            certificates, requestTimeout: .seconds(Int64(settings.requestTimeoutSeconds)),
            onSlowClient: { [counters = components.counters] in counters.add(.slowConnectionsClosed) })

        let metricsRoute = MetricsRoute(
            metrics: components.metrics, pipeline: components.pipeline, engine: components.engine,
            token: settings.metricsToken.map { Array($0.utf8) })
        let metricsHost = settings.metricsPort == nil ? settings.listenHost : settings.metricsHost
        if settings.metricsToken == nil && !MetricsRoute.isLoopback(metricsHost) {
            logger.warning(
                "/metrics answers 403: it is on a non-loopback listener and METRICS_TOKEN is not set",
                metadata: ["host": "\(metricsHost)"])
        }
        var extraListeners: [any Service] = []
        if let metricsPort = settings.metricsPort {
            let metricsRouter = Router()
            metricsRoute.register(on: metricsRouter, listenHost: settings.metricsHost)
            let metricsPortBox = self.metricsPort
            extraListeners.append(
                Application(
                    router: metricsRouter,
                    configuration: .init(address: .hostname(settings.metricsHost, port: metricsPort), serverName: nil),
                    onServerRunning: { channel in
                        metricsPortBox.offer(channel.localAddress?.port ?? 0)
                        logger.notice(
                            "metrics listening",
                            metadata: [
                                "address": "http://\(settings.metricsHost):\(channel.localAddress?.port ?? 0)/metrics"
                            ])
                    },
                    logger: logger))
        }
        let router = ServerRouter.make(
            settings: settings, webhookSecret: secret, pipeline: components.pipeline, readiness: readiness,
            engine: components.engine, accounts: components.accounts,
            metrics: settings.metricsPort == nil ? metricsRoute : nil, counters: components.counters, logger: logger)

        let readiness = self.readiness
        let port = self.port
        let app = Application(
            router: router,
            server: serverBuilder,
            configuration: .init(
                address: .hostname(settings.listenHost, port: settings.effectivePort), serverName: nil),
            onServerRunning: { channel in
                port.offer(channel.localAddress?.port ?? 0)
                readiness.markReady()
                logger.notice(
                    "listening",
                    metadata: [
                        "address":
                            "\(settings.usesTLS ? "https" : "http")://\(settings.listenHost):\(channel.localAddress?.port ?? 0)\(settings.webhookPath)"
                    ])
                if settings.isLocalMode {
                    logger.notice(
                        "local mode: no TELEGRAM_BOT_TOKEN, replies are returned only inline in the webhook response")
                }
            },
            logger: logger)

        // On shutdown: readiness turns 503 and intake stops at once (new updates get 503),
        // the pipeline drains, and only then do the listeners close.
        self.group = components.serviceGroup(
            listeners: extraListeners + [
                app, CertificateReloadService(certificates: certificates, signals: reloadSignals, logger: logger),
            ],
            transport: [ReadinessService(readiness: readiness, pipeline: components.pipeline)], signals: signals)
    }

    /// Runs until a shutdown signal or `shutdown()`, then drains and returns.
    public func run() async throws {
        defer {
            port.close()
            metricsPort.close()
        }
        try await components.run(group)
    }

    /// The bound port, once listening (useful with `LISTEN_PORT=0`); -1 if it never listened.
    public func listeningPort() async -> Int {
        await port.wait() ?? -1
    }

    public func shutdown() async {
        await group.triggerGracefulShutdown()
    }

    /// The bound port of the separate metrics listener (`METRICS_PORT`), once listening.
    public func metricsListeningPort() async -> Int {
        await metricsPort.wait() ?? -1
    }

    /// HTTP/1.1, or TLS with HTTP/2 by ALPN and HTTP/1.1 for clients that do not offer it
    /// (Telegram); both behind the slow-client guard (`HTTP_REQUEST_TIMEOUT_S`).
    static func serverBuilder(
        _ certificates: CertificateStore?, requestTimeout: TimeAmount, onSlowClient: @escaping @Sendable () -> Void
    ) -> HTTPServerBuilder {
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestProgressHandler()], idleTimeout: requestTimeout + .seconds(1))
        guard let certificates else {
            return HTTPServerBuilder { responder in
                DeadlineGuardedChannel(
                    base: HTTP1Channel(responder: responder, configuration: http1), timeout: requestTimeout,
                    onExpiry: onSlowClient)
            }
        }
        let tls = certificates.serverConfiguration()
        let http2 = HTTP2UpgradeChannel.Configuration(
            idleTimeout: .nanoseconds(requestTimeout.nanoseconds) + .seconds(1), streamConfiguration: http1)
        return HTTPServerBuilder { responder in
            DeadlineGuardedChannel(
                base: try HTTP2UpgradeChannel(tlsConfiguration: tls, configuration: http2, responder: responder),
                timeout: requestTimeout, onExpiry: onSlowClient)
        }
    }
}
