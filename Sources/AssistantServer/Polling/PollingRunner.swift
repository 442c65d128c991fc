import Logging
import ServiceLifecycle
import UnixSignals

/// `poll`: the pipeline and the polling loop in one service group.
public final class PollingRunner: Sendable {
    public let components: AppComponents
    private let group: ServiceGroup

    public init(
        settings: Settings, logger: Logger, options: AppComponents.Options = .init(),
        signals: [UnixSignal] = [.sigterm, .sigint], reloadSignals: [UnixSignal] = [.sighup]
    ) async throws {
        let components = try await AppComponents.assemble(settings: settings, logger: logger, options: options)
        guard let client = components.botClient else {
            throw SettingsError(name: "TELEGRAM_BOT_TOKEN", problem: "is not set: poll needs it to call getUpdates")
        }
        self.components = components
        let polling = PollingService(
            client: client, pipeline: components.pipeline, counters: components.counters,
            timeoutSeconds: settings.pollTimeoutSeconds, leadership: components.leadership, clock: components.clock,
            logger: logger)
        // SIGHUP (a unit's reload) is caught so that it never ends the process.
        let reload = CertificateReloadService(certificates: nil, signals: reloadSignals, logger: logger)
        group = components.serviceGroup(transport: [reload, polling], signals: signals)
    }

    public func run() async throws {
        try await components.run(group)
    }

    public func shutdown() async {
        await group.triggerGracefulShutdown()
    }
}
