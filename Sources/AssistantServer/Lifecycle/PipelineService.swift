import AssistantCore
import Logging
import MarketEngine
import ServiceLifecycle

/// Runs the pipeline's side of the lifecycle: replays journaled updates at start, prunes
/// the journal hourly, and on shutdown stops intake and drains what was accepted.
struct PipelineService: Service {
    let components: AppComponents

    func run() async throws {
        await components.pipeline.resumeJournaled()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await components.store.prune()
            } catch {
                components.logger.warning("journal prune failed", metadata: ["error": "\(error)"])
            }
            // One equity snapshot a day (the hourly pass records it when today's is missing).
            let today = EquityDay.of(milliseconds: UTCClock.nowMilliseconds())
            if !components.accounts.configured.isEmpty,
                (try? await components.store.equity(on: today))?.isEmpty ?? false
            {
                await components.store.record(await components.accounts.balances(), now: UTCClock.nowMilliseconds())
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
        components.pipeline.stopIntake()
        await components.pipeline.drain()
    }
}
