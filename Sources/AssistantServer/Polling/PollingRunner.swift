import Logging
import ServiceLifecycle
import UnixSignals

/// `poll`: the pipeline and the polling loop in one service group.
public final class PollingRunner: Sendable {
    public let components: AppComponents
    private let group: ServiceGroup

    public init(
        settings: Settings, logger: Logger, options: AppComponents.Options = .init(),
        signals: [UnixSignal] = [.sigterm, .sigint]
    ) async throws {
        let components = try await AppComponents.assemble(settings: settings, logger: logger, options: options)
        guard let client = components.botClient else {
            throw SettingsError(name: "TELEGRAM_BOT_TOKEN", problem: "is not set: poll needs it to call getUpdates")
        }
        self.components = components
        let polling = PollingService(
            client: client, pipeline: components.pipeline, counters: components.counters,
            timeoutSeconds: settings.pollTimeoutSeconds, logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: PipelineService(components: components)),
                .init(service: polling),
            ],
            gracefulShutdownSignals: signals,
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(settings.shutdownGraceSeconds)
        configuration.maximumCancellationDuration = .seconds(5)
        group = ServiceGroup(configuration: configuration)
    }

    public func run() async throws {
        do {
            try await group.run()
        } catch {
            await components.shutdown()
            throw error
        }
        await components.shutdown()
    }

    public func shutdown() async {
        await group.triggerGracefulShutdown()
    }
}
