import AssistantCore
import Logging
import MarketEngine
import ServiceLifecycle

/// The hourly housekeeping, on the leader of `LeaderRole.maintenance`: answered updates
/// past the dedupe window leave the journal, chats idle for a day leave the shared send
/// schedule, sent alerts past two days leave the digest's log, and today's equity snapshot is taken when it is missing. Every step is
/// idempotent: two leaders overlapping for a moment do no harm.
struct MaintenanceLoop: Sendable {
    let journal: any UpdateJournal
    let postgres: PostgresStore?
    let snapshotter: EquitySnapshotter
    let clock: AppClock
    let logger: Logger
    var interval: Duration = .seconds(3600)
    /// Sent alerts kept for the digest: what is past two days goes.
    var alertLog: AlertLog?

    /// A pass now and every `interval` until graceful shutdown or cancellation.
    func run() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await pass()
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }

    func pass() async {
        do {
            try await journal.prune(olderThan: Stores.dedupeWindowSeconds)
        } catch {
            logger.warning("journal prune failed", metadata: ["error": "\(error)"])
        }
        if let postgres {
            do {
                try await postgres.pruneSendSchedule()
            } catch {
                logger.warning("send schedule prune failed", metadata: ["error": "\(error)"])
            }
        }
        if let alertLog {
            do {
                try await alertLog.prune(now: clock.wallSeconds)
            } catch {
                logger.warning("alert log prune failed", metadata: ["error": "\(error)"])
            }
        }
        // One equity snapshot a day (the hourly pass records it when today's is missing).
        await snapshotter.snapshotIfMissing(now: clock.wallMilliseconds)
    }
}
