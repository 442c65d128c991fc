import TelegramBotAPI

/// How the pipeline keeps each chat's updates answered once and in order: this process's
/// lanes over its journal (`LocalChats`), or chat leases in PostgreSQL shared with other
/// replicas (`LeasedChats`). The pipeline asks, never which one it has.
protocol ChatCoordinator: Sendable {
    /// Journals an accepted update (durable before it returns) and says what to do with it.
    /// `inlineReply` is where a lone reply goes if a webhook request waits for it.
    func admit(_ update: Update, payload: [UInt8]?, inlineReply: OneShot<BotMethod>) async -> ChatAdmission
    /// What was accepted and not answered before this process started, to queue at start.
    func recover() async -> [ChatJob]
    /// Answers the job's update — or, holding a chat, every unanswered update of it in order —
    /// through `answer`, and records each answered.
    func work(_ job: ChatJob, answer: @Sendable (Update, OneShot<BotMethod>) async -> Void) async
    /// Keeps what this process holds until cancelled, handing chats it takes over (their
    /// holder stopped answering) to `takeOver`; returns at once when there is nothing to keep.
    func hold(takeOver: @escaping @Sendable ([ChatJob]) -> Void) async
    /// Gives up what this process holds, once the drain is over.
    func finish() async
}

/// What became of an update offered to a `ChatCoordinator`.
enum ChatAdmission: Sendable {
    /// Journaled: queue this job here.
    case queue(ChatJob)
    /// Seen before: a redelivery.
    case duplicate
    /// Journaled, and another replica holding the chat answers it.
    case handedOver
    /// The journal could not be written: not accepted.
    case storeUnavailable
}
