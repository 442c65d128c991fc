import AssistantCore
import Logging
import MarketEngine
import Synchronization
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Every accepted update passes through here, whichever transport brought it.
///
/// - **Dedupe**: the update id is journaled before the transport acknowledges; a
///   redelivery is recognised and answered once, also after a restart.
/// - **Order**: one lane per chat; a chat's updates are handled and answered in order.
/// - **Bounds**: `maxConcurrent` workers and at most `maxQueued` updates held; beyond that
///   `submit` answers `.overloaded` (the webhook turns it into 503 so Telegram retries), so
///   nothing accepted is ever dropped. One chat holds at most `maxQueuedPerChat` of them:
///   past its share a chat's update is acknowledged and dropped (`.shed`, with at most one
///   notice a minute to that chat), so that one flooding chat never turns the others away.
/// - **Replies**: a single reply ready within the inline budget goes back in the webhook's
///   HTTP response; anything else goes through the `ReplySink`.
/// - **Chats**: how a chat's updates are journaled, recovered and worked is its
///   `ChatCoordinator`'s: this process's lanes over its journal (`LocalChats`), or chat
///   leases shared with other replicas (`LeasedChats`: a chat is worked by the replica
///   holding its lease, in update-id order). The pipeline does not know which it has.
///
/// The decisions are `PipelineStateMachine`'s; this class holds it behind a lock (held for
/// microseconds: no actor hop per update) and performs its actions. The workers and the
/// inline-reply sweeper are child tasks of `run()`: "drained" means its task group ended.
public final class UpdatePipeline: Sendable {
    public struct Limits: Sendable {
        public var maxConcurrent: Int
        public var maxQueued: Int
        public var maxQueuedPerChat: Int

        public init(maxConcurrent: Int = 32, maxQueued: Int = 1024, maxQueuedPerChat: Int = 16) {
            self.maxConcurrent = maxConcurrent
            self.maxQueued = maxQueued
            self.maxQueuedPerChat = maxQueuedPerChat
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Answer the webhook request with this call as its body.
        case inlineReply(BotMethod)
        /// Accepted; the reply (if any) is sent separately.
        case accepted
        /// Seen before; acknowledge without doing anything.
        case duplicate
        /// Queue full or shutting down: not accepted, the sender must retry later.
        case overloaded
        /// The chat holds its share of the queue: acknowledged and dropped. `notice`, when
        /// the chat is due one, tells it so (the webhook can return it inline).
        case shed(notice: BotMethod?)
        /// The journal could not be written: not accepted, retry later.
        case storeUnavailable
    }

    /// A parked worker: resumed with its next job, or nil to exit.
    typealias Worker = CheckedContinuation<(ChatJob, lane: Int64)?, Never>

    private let dispatcher: Dispatcher
    private let sink: any ReplySink
    private let chats: any ChatCoordinator
    private let limits: Limits
    private let deadlines: InlineReplyDeadlines<AppClock>?
    private let clock: AppClock
    private let counters: PipelineCounters
    private let alertPauses: AlertPauses?
    private let logger: Logger
    private let state: Mutex<PipelineStateMachine<ChatJob, Worker>>
    /// At most one "too many messages" notice per chat a minute.
    private let shedNotices = IntervalLimiter<Int64>(intervalMilliseconds: 60_000)

    /// `inlineBudget`: how long a webhook request may wait for its reply (nil: never).
    init(
        dispatcher: Dispatcher, sink: any ReplySink, chats: any ChatCoordinator, limits: Limits = Limits(),
        inlineBudget: Duration? = nil, alertPauses: AlertPauses? = nil, counters: PipelineCounters, clock: AppClock,
        logger: Logger
    ) {
        self.alertPauses = alertPauses
        self.clock = clock
        self.dispatcher = dispatcher
        self.sink = sink
        self.chats = chats
        self.limits = limits
        self.deadlines = inlineBudget.map { InlineReplyDeadlines(budget: $0, clock: clock) }
        self.counters = counters
        self.logger = logger
        self.state = Mutex(PipelineStateMachine(maxQueued: limits.maxQueued, maxPerLane: limits.maxQueuedPerChat))
    }

    /// Updates accepted and not yet finished.
    public var depth: Int { state.withLock { $0.held } }

    /// Accepts an update. With `waitingInline` (and an inline budget), waits up to the budget
    /// for a single reply to return inline; otherwise returns as soon as the update is
    /// journaled and queued. `payload` is the update's JSON as received, journaled as it is
    /// (encoding it again cost about 7% of the CPU per update); without it the update is
    /// encoded.
    public func submit(_ update: Update, payload: [UInt8]? = nil, waitingInline: Bool = false) async -> Outcome {
        // Reserved before the journal write so concurrent submits respect the bounds.
        let lane = update.lane
        switch state.withLock({ $0.admit(lane: lane) }) {
        case .admitted: break
        case .full:
            counters.add(.overloaded)
            return .overloaded
        case .laneFull:
            counters.add(.shed)
            guard shedNotices.allow(lane, now: clock.wallMilliseconds),
                let notice = await dispatcher.queueFullNotice(for: update)
            else { return .shed(notice: nil) }
            // The webhook returns it in its answer; polling has no answer to put it in.
            if waitingInline || !sink.canSend { return .shed(notice: notice) }
            await sink.deliverOnce(notice)
            return .shed(notice: nil)
        }
        let reply = waitingInline && deadlines != nil ? OneShot<BotMethod>() : .closed
        switch await chats.admit(update, payload: payload, inlineReply: reply) {
        case .duplicate:
            withdrawAdmission(lane)
            counters.add(.duplicate)
            return .duplicate
        case .storeUnavailable:
            withdrawAdmission(lane)
            counters.add(.storeFailed)
            return .storeUnavailable
        case .handedOver:
            withdrawAdmission(lane)
            counters.add(.accepted)
            counters.add(.handedOver)
            return .accepted
        case .queue(let job):
            counters.add(.accepted)
            enqueue(job)
        }
        guard waitingInline, let deadlines else { return .accepted }
        guard let method = await deadlines.wait(for: reply) else { return .accepted }
        return .inlineReply(method)
    }

    /// Queues what was accepted and not answered before the last stop (with chat leases:
    /// the chats no replica holds).
    public func resumeJournaled() async {
        queue(await chats.recover())
    }

    /// Keeps the chats this process holds (with leases: renewed, and those of replicas that
    /// stopped answering taken over) until cancelled; after the drain, `letGoOfChats`.
    public func holdChats() async {
        await chats.hold { [self] jobs in
            guard state.withLock({ $0.isAccepting }) else { return }
            queue(jobs)
        }
    }

    /// Gives up what this process holds (at the end of a drain).
    public func letGoOfChats() async {
        await chats.finish()
    }

    private func queue(_ jobs: [ChatJob]) {
        let takenOver = jobs.count { $0.update == nil }
        if takenOver > 0 { counters.add(.leaseTakeovers, takenOver) }
        for job in jobs {
            state.withLock { $0.admitReplayed(lane: job.lane) }
            enqueue(job)
        }
    }

    /// Stops taking new updates; those already accepted are still answered, and `run`
    /// returns once they are.
    public func stopIntake() {
        resumeForExit(state.withLock { $0.stopIntake() })
    }

    /// Works updates until `stopIntake` and the last held update is done (or the task is
    /// cancelled: shutdown ran out of time, and what is left stays journaled).
    public func run() async {
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                if let deadlines { group.addTask { await deadlines.run() } }
                await withDiscardingTaskGroup { workers in
                    for _ in 0..<limits.maxConcurrent { workers.addTask { await self.work() } }
                }
                group.cancelAll()  // the sweeper: every worker has exited
            }
        } onCancel: {
            resumeForExit(state.withLock { $0.cancel() })
        }
    }

    // MARK: Workers

    private func work() async {
        var finished: Int64?
        while true {
            let job: (ChatJob, lane: Int64)
            switch state.withLock({ $0.next(after: finished) }) {
            case .run(let next, let lane):
                job = (next, lane)
            case .exit(let others):
                resumeForExit(others)
                return
            case .park:
                guard let resumed = await park() else { return }
                job = resumed
            }
            await handle(job.0)
            finished = job.lane
        }
    }

    /// Waits for an enqueue to hand this worker a job; nil to exit.
    private func park() async -> (ChatJob, lane: Int64)? {
        await withCheckedContinuation { (worker: Worker) in
            // Asked again under the lock that parks, so no enqueue falls between.
            let action = state.withLock { machine -> PipelineStateMachine<ChatJob, Worker>.NextAction in
                let action = machine.next(after: nil)
                if case .park = action { machine.park(worker) }
                return action
            }
            switch action {
            case .run(let job, let lane): worker.resume(returning: (job, lane))
            case .exit(let others):
                resumeForExit(others)
                worker.resume(returning: nil)
            case .park: break
            }
        }
    }

    private func enqueue(_ job: ChatJob) {
        if case .resume(let worker, let job, let lane) = state.withLock({ $0.enqueue(job, lane: job.lane) }) {
            worker.resume(returning: (job, lane))
        }
    }

    private func withdrawAdmission(_ lane: Int64) {
        resumeForExit(state.withLock { $0.withdrawAdmission(lane: lane) })
    }

    private func resumeForExit(_ workers: [Worker]) {
        for worker in workers { worker.resume(returning: nil) }
    }

    /// Sends "typing…" for slow commands when replies can leave separately.
    private var announcer: Dispatcher.Announcer? {
        guard sink.canSend else { return nil }
        let sink = sink
        return { method in await sink.deliverOnce(method) }
    }

    private func handle(_ job: ChatJob) async {
        await chats.work(job) { [self] update, inlineReply in await answer(update, inlineReply: inlineReply) }
    }

    /// Runs the dispatcher and delivers its replies.
    private func answer(_ update: Update, inlineReply: OneShot<BotMethod>) async {
        let started = clock.now
        let answer = await dispatcher.answer(update, announcing: announcer)
        // A chat whose alerts paused (it had blocked the bot) wrote again: they resume.
        if let alertPauses, let chat = update.chatID, alertPauses.contains(chat) { await alertPauses.resume(chat) }
        var remaining = answer.methods
        let elapsed = clock.elapsed(since: started)
        let command = answer.command ?? "none"
        counters.recordCommand(command, duration: elapsed)
        logger.info(
            "update handled",
            metadata: [
                "update_id": .stringConvertible(update.updateID),
                "chat": .stringConvertible(update.chatID ?? 0),
                "command": .string(command), "replies": .stringConvertible(remaining.count),
                "duration": .stringConvertible(elapsed.milliseconds),
            ])
        // Only a lone reply goes inline: Telegram gives no result for it, so a second call
        // sent separately could overtake it. Without a token, inline is the only way out.
        // A picture (a file upload) never goes inline.
        let candidate =
            remaining.count == 1
            ? (remaining[0].canBeWebhookReply ? 0 : nil)
            : sink.canSend ? nil : remaining.firstIndex { if case .sendMessage = $0 { true } else { false } }
        // With replicas, no statement books an inline reply: it goes only while the chat's
        // lease is surely this replica's (else it is sent, and the send is fenced).
        let leaseSure = SendFence.current?.chatLease?.isSure() ?? true
        if let candidate, leaseSure, inlineReply.offer(remaining[candidate]) {
            counters.add(.repliesInline)
            remaining.remove(at: candidate)
        } else {
            inlineReply.close()
        }
        for method in remaining {
            _ = await sink.deliver(method)
        }
    }
}
