import AssistantCore
import Logging
import MarketEngine
import ServiceLifecycle

/// Runs the pipeline's side of the lifecycle: the pipeline's workers, the replay of
/// journaled updates at start, the chats it holds (with replicas: leases renewed, lapsed ones
/// taken over), the hourly maintenance (journal prune, equity snapshot) and alert evaluation
/// (waited for with the drain) on the leader, and on shutdown the drain: intake stops, the
/// service ends when the workers' group has, and the chats are let go.
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
                    background.addTask {
                        try? await components.leadership.whileLeading(.maintenance) { await maintainHourly() }
                    }
                    if let alerts = components.alertMonitor {
                        let interval = Duration.seconds(components.settings.alertCheckIntervalSeconds)
                        // With the drain, not in the background: at graceful shutdown the pass
                        // under way ends by itself (a message Telegram accepted is dropped from
                        // the outbox, not left to be sent again), and only then does the loop.
                        group.addTask {
                            try? await components.leadership.whileLeading(.alerts) {
                                await alerts.run(every: interval, clock: ContinuousClock())
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

    private func maintainHourly() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await maintain()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }

    private func maintain() async {
        do {
            try await components.stores.journal.prune(olderThan: Stores.dedupeWindowSeconds)
        } catch {
            components.logger.warning("journal prune failed", metadata: ["error": "\(error)"])
        }
        if let postgres = components.postgres {
            do {
                try await postgres.pruneSendSchedule()
            } catch {
                components.logger.warning("send schedule prune failed", metadata: ["error": "\(error)"])
            }
        }
        // One equity snapshot a day (the hourly pass records it when today's is missing).
        await components.equitySnapshotter.snapshotIfMissing(now: UTCClock.nowMilliseconds())
    }
}
