import AssistantCore
import Logging
import MarketEngine
import ServiceLifecycle

/// Runs the pipeline's side of the lifecycle: the pipeline's workers, the replay of
/// journaled updates at start, the hourly journal prune and equity snapshot, and on
/// shutdown the drain: intake stops and the service ends when the workers' group has.
struct PipelineService: Service {
    let components: AppComponents

    func run() async throws {
        let pipeline = components.pipeline
        await withDiscardingTaskGroup { group in
            group.addTask { await pipeline.run() }
            await pipeline.resumeJournaled()
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                await maintain()
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
            }
            pipeline.stopIntake()
        }
    }

    private func maintain() async {
        do {
            try await components.stores.journal.prune(olderThan: Stores.dedupeWindowSeconds)
        } catch {
            components.logger.warning("journal prune failed", metadata: ["error": "\(error)"])
        }
        // One equity snapshot a day (the hourly pass records it when today's is missing).
        await components.equitySnapshotter.snapshotIfMissing(now: UTCClock.nowMilliseconds())
    }
}
