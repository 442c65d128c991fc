import AssistantCore
import Logging
import MarketEngine
import ServiceLifecycle

/// Puts the pipeline's side of the lifecycle together, each part doing one job: the
/// pipeline's workers; the replay of journaled updates at start and the chats it holds
/// (the pipeline's `ChatCoordinator`: with replicas, leases renewed and lapsed ones taken
/// over); on the leader, `MaintenanceLoop` and `AlertMonitor.run` (waited for with the
/// drain); and on shutdown the drain: intake stops, the service ends when the workers' group
/// has, and the chats are let go.
struct PipelineService: Service {
    let components: AppComponents

    func run() async throws {
        let pipeline = components.pipeline
        await withDiscardingTaskGroup { background in
            await withDiscardingTaskGroup { group in
                group.addTask { await pipeline.run() }
                // PostgreSQL: nothing to replay, renew or maintain before the schema is made.
                if await components.waitForStore() {
                    background.addTask { await pipeline.holdChats() }
                    let maintenance = MaintenanceLoop(
                        journal: components.stores.journal, postgres: components.postgres,
                        snapshotter: components.equitySnapshotter, clock: components.clock, logger: components.logger,
                        alertLog: AlertLog(store: components.stores.alertLog))
                    background.addTask {
                        try? await components.leadership.whileLeading(.maintenance) { await maintenance.run() }
                    }
                    if let alerts = components.alertMonitor {
                        let interval = Duration.seconds(components.settings.alertCheckIntervalSeconds)
                        // Every replica knows the paused chats, to resume them when they write.
                        background.addTask { await components.alertPauses.run(every: interval) }
                        // With the drain, not in the background: at graceful shutdown the pass
                        // under way ends by itself (a message Telegram accepted is dropped from
                        // the outbox, not left to be sent again), and only then does the loop.
                        group.addTask {
                            try? await components.leadership.whileLeading(.alerts) {
                                await alerts.run(every: interval)
                            }
                        }
                    }
                    await pipeline.resumeJournaled()
                }
                try? await gracefulShutdown()
                pipeline.stopIntake()
            }
            // Drained: the leases go only now, since the drain works chats under them.
            background.cancelAll()
        }
        await pipeline.letGoOfChats()
    }
}
