import Logging
import MarketEngine
import ServiceLifecycle
import TelegramBotAPI

/// `poll`: long polling with `getUpdates` into the same pipeline as the webhook.
///
/// The offset moves past an update only once the pipeline accepted it (or it was a
/// duplicate, or not decodable). A full queue pauses polling instead of dropping updates.
/// Network errors back off and retry; 409 (a webhook is set, or another poller runs) ends
/// the service with `PollingConflict`, which says what to do.
///
/// With replicas, only the leader of `.poller` polls; the others stand by and one takes over
/// within seconds of its death (the shared journal drops what both fetched).
public struct PollingService: Service {
    let client: BotAPIClient
    let pipeline: UpdatePipeline
    let counters: PipelineCounters
    let timeoutSeconds: Int
    let leadership: any Leadership
    /// The backoffs' waits.
    let clock: AppClock
    let logger: Logger

    public init(
        client: BotAPIClient, pipeline: UpdatePipeline, counters: PipelineCounters, timeoutSeconds: Int,
        leadership: any Leadership = SoleLeadership(), clock: AppClock = .system, logger: Logger
    ) {
        self.clock = clock
        self.client = client
        self.pipeline = pipeline
        self.counters = counters
        self.timeoutSeconds = timeoutSeconds
        self.leadership = leadership
        self.logger = logger
    }

    public func run() async throws {
        try await leadership.whileLeading(.poller) { try await poll() }
    }

    private func poll() async throws {
        var offset: Int64?
        var failures = 0
        logger.notice("polling for updates", metadata: ["timeout_s": "\(timeoutSeconds)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let batch: [PolledUpdate]
            do {
                let from = offset
                batch = try await cancelWhenGracefulShutdown {
                    try await client.getUpdates(
                        offset: from, timeout: timeoutSeconds, allowedUpdates: Settings.allowedUpdates)
                }
                failures = 0
            } catch let error as BotAPIError {
                if error.errorCode == 409 { throw PollingConflict(telegramDescription: "\(error)") }
                if error.errorCode == 401 || error.errorCode == 404 {
                    throw PollingRejected(
                        reason: "Telegram rejected the bot token (\(error.errorCode ?? 0)); check TELEGRAM_BOT_TOKEN")
                }
                failures += 1
                let delay =
                    error.retryAfterSeconds.map { Duration.seconds($0) }
                    ?? Backoff.delay(attempt: failures, initial: .seconds(1), maximum: .seconds(30))
                logger.warning("getUpdates failed; retrying", metadata: ["error": "\(error)", "delay": "\(delay)"])
                try? await cancelWhenGracefulShutdown { try await clock.sleep(for: delay) }
                continue
            } catch {
                break  // shutdown cancelled the long poll
            }

            for item in batch {
                guard let update = item.update, update.isHandledKind else {
                    counters.add(.received)
                    counters.add(.ignored)
                    offset = item.updateID + 1
                    continue
                }
                counters.add(.received)
                guard await submitPatiently(update) else { return }
                offset = update.updateID + 1
            }
        }
        // Confirm what was taken, so the next start does not get it again.
        if let offset {
            _ = try? await client.getUpdates(
                offset: offset, timeout: 0, limit: 1, allowedUpdates: Settings.allowedUpdates)
        }
    }

    /// Submits until the pipeline takes the update; false if shutdown came first.
    private func submitPatiently(_ update: Update) async -> Bool {
        var attempt = 0
        while true {
            switch await pipeline.submit(update) {
            case .accepted, .duplicate, .inlineReply, .shed:
                return true
            case .overloaded, .storeUnavailable:
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
                attempt += 1
                try? await clock.sleep(
                    for: Backoff.delay(attempt: attempt, initial: .milliseconds(100), maximum: .seconds(5)))
            }
        }
    }
}

/// `getUpdates` answered 409: polling cannot work until the cause is removed.
public struct PollingConflict: Error, CustomStringConvertible {
    public var telegramDescription: String

    public var description: String {
        if telegramDescription.contains("webhook") {
            return
                "polling stopped: a webhook is set for this bot, and Telegram refuses getUpdates while it is. Run `crypto-assistant webhook delete` first (or use `serve`)."
        }
        return
            "polling stopped: another process is polling with this bot token (Telegram: terminated by other getUpdates request). Stop the other instance; only one poller per token works."
    }
}

public struct PollingRejected: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "polling stopped: \(reason)" }
}
