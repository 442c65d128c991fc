import Logging
import TelegramBotAPI

/// Local mode (no `TELEGRAM_BOT_TOKEN`): nothing can be sent through the Bot API, so a
/// reply that did not fit inline is logged instead of lost silently.
public struct LocalReplySink: ReplySink {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public var canSend: Bool { false }

    public func deliverOnce(_ method: BotMethod) async {}

    public func deliver(_ method: BotMethod) async -> Bool {
        logger.notice(
            "local mode: reply not delivered (no TELEGRAM_BOT_TOKEN)",
            metadata: ["method": "\(method.name)", "chat": "\(method.chatID.map(String.init) ?? "-")"])
        return false
    }
}
