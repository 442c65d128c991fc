import Logging
import MarketEngine
import TelegramBotAPI

/// Sends replies through the Bot API: paced (for this process, or for every replica), honouring 429 `retry_after`, retrying server
/// errors and lost connections with backoff until Telegram answers or shutdown cancels.
/// A refusal (403 blocked, 400 bad request) is final and logged.
public struct BotAPIReplySink: ReplySink {
    let client: BotAPIClient
    let pacer: any SendLimiter
    let counters: PipelineCounters
    let status: BotAPIStatus
    let logger: Logger
    /// The retries' waits.
    let clock: AppClock
    /// The first retry's delay; doubles up to `maximumBackoff`.
    var initialBackoff: Duration = .milliseconds(500)
    var maximumBackoff: Duration = .seconds(30)

    public init(
        client: BotAPIClient, pacer: any SendLimiter, counters: PipelineCounters, clock: AppClock = .system,
        status: BotAPIStatus = BotAPIStatus(), logger: Logger
    ) {
        self.status = status
        self.clock = clock
        self.client = client
        self.pacer = pacer
        self.counters = counters
        self.logger = logger
    }

    public var canSend: Bool { true }

    public func attempt(_ method: BotMethod) async -> SendOutcome {
        do {
            if let chatID = method.chatID { try await pacer.waitTurn(chatID: chatID) }
            try await client.perform(method)
            counters.add(.repliesSent)
            status.record(tokenRefusal: nil)
            return .sent
        } catch let error as BotAPIError {
            if let supergroup = error.migrateToChatID { return .migrated(to: supergroup) }
            if let seconds = error.retryAfterSeconds {
                if let chatID = method.chatID { await pacer.hold(chatID: chatID, for: .seconds(seconds)) }
                return .later(after: .seconds(seconds))
            }
            if error.isRetryable { return .later(after: nil) }
            switch error.errorCode {
            case 401, 404:
                status.record(tokenRefusal: error.errorCode)
                return .unauthorized
            case 403: return .forbidden
            default: return .refused(error.description)
            }
        } catch is SendFence.Refused {
            counters.add(.repliesFenced)
            return .fenced
        } catch {
            return .later(after: nil)  // cancelled while pacing
        }
    }

    public func deliverOnce(_ method: BotMethod) async {
        do {
            try await client.perform(method)
        } catch {
            logger.debug("chat action not sent", metadata: ["error": "\(error)"])
        }
    }

    public func deliver(_ method: BotMethod) async -> Bool {
        var attempt = 0
        while !Task.isCancelled {
            do {
                if let chatID = method.chatID { try await pacer.waitTurn(chatID: chatID) }
                try await client.perform(method)
                counters.add(.repliesSent)
                if status.tokenRefusal != nil { status.record(tokenRefusal: nil) }
                return true
            } catch let error as BotAPIError {
                guard error.isRetryable else {
                    if error.errorCode == 401 || error.errorCode == 404 { status.record(tokenRefusal: error.errorCode) }
                    counters.add(.repliesFailed)
                    logger.warning(
                        "reply refused by Telegram", metadata: ["error": "\(error)", "chat": "\(method.chatID ?? 0)"])
                    return false
                }
                attempt += 1
                counters.add(.replyRetries)
                let delay: Duration
                if let seconds = error.retryAfterSeconds {
                    delay = .seconds(seconds)
                    if let chatID = method.chatID { await pacer.hold(chatID: chatID, for: delay) }
                } else {
                    delay = Backoff.delay(attempt: attempt, initial: initialBackoff, maximum: maximumBackoff)
                }
                logger.notice(
                    "reply will be retried",
                    metadata: ["error": "\(error)", "attempt": "\(attempt)", "delay": "\(delay)"])
                do { try await clock.sleep(for: delay) } catch { break }
            } catch is SendFence.Refused {
                // Another replica holds the chat now (this one stood still past its lease):
                // it answers.
                counters.add(.repliesFenced)
                logger.notice(
                    "reply not sent: this replica no longer holds the chat", metadata: ["chat": "\(method.chatID ?? 0)"]
                )
                return false
            } catch {
                break  // cancelled while pacing
            }
        }
        counters.add(.repliesFailed)
        return false
    }
}
