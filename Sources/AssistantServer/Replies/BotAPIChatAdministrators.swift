import AssistantCore
import Logging
import MarketEngine
import Synchronization
import TelegramBotAPI

/// Group administrators as `getChatMember` says, each answer kept for `lifetime` (a press of
/// ✖ after another costs no call; a new admin is seen within a minute).
public final class BotAPIChatAdministrators: ChatAdministrators {
    struct Key: Hashable {
        var chatID: Int64
        var userID: Int64
    }

    private let client: BotAPIClient
    private let clock: AppClock
    private let lifetime: Duration
    private let logger: Logger
    /// Answers remembered at most; beyond it the cache starts again.
    static let capacity = 10_000
    private let answers = Mutex<[Key: (isAdministrator: Bool, until: AppClock.Instant)]>([:])

    public init(client: BotAPIClient, clock: AppClock, lifetime: Duration = .seconds(60), logger: Logger) {
        self.client = client
        self.clock = clock
        self.lifetime = lifetime
        self.logger = logger
    }

    public func isAdministrator(_ userID: Int64, of chatID: Int64) async -> Bool {
        let key = Key(chatID: chatID, userID: userID)
        let now = clock.now
        if let known = answers.withLock({ $0[key] }), known.until > now { return known.isAdministrator }
        do {
            let status = try await client.getChatMemberStatus(chatID: chatID, userID: userID)
            let isAdministrator = status == "creator" || status == "administrator"
            answers.withLock { answers in
                if answers.count >= Self.capacity { answers.removeAll() }
                answers[key] = (isAdministrator, now.advanced(by: lifetime))
            }
            return isAdministrator
        } catch {
            logger.warning("getChatMember failed; not treated as an admin", metadata: ["error": "\(error)"])
            return false
        }
    }
}
