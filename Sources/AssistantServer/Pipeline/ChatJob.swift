import MarketEngine
import TelegramBotAPI

/// One piece of work for a pipeline worker: an update to answer, or (with chat leases) a
/// chat taken over, whose journaled updates are to be answered.
struct ChatJob: Sendable {
    /// Nil for a chat taken over from another replica: work what the journal holds for it.
    let update: Update?
    /// The chat (or, without one, the update) whose updates are answered in order.
    let lane: Int64
    /// Where a lone reply goes when a webhook request waits for it inline.
    let inlineReply: OneShot<BotMethod>
    /// Chat leases: what `begin` said — this replica took the chat's lease for this update (no
    /// `acquire` needed), and no earlier update of the chat is unanswered (no `head` needed:
    /// this one is it).
    var tookLease = false
    var firstInLine = false
    /// The lease's epoch when `begin` took it, and when `begin` was asked (the lease is
    /// surely this replica's for half its length from then).
    var epoch: Int64?
    var leasedAt: AppClock.Instant?

    init(update: Update, inlineReply: OneShot<BotMethod>) {
        self.update = update
        self.lane = update.lane
        self.inlineReply = inlineReply
    }

    init(adoptedChat chatID: Int64) {
        self.update = nil
        self.lane = chatID
        self.inlineReply = .closed
    }
}

extension Update {
    /// The pipeline's lane (and with replicas the lease) an update belongs to: its chat, or
    /// the update alone when it has none.
    var lane: Int64 { chatID ?? updateID }
}
