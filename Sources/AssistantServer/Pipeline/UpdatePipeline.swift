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
///   nothing accepted is ever dropped.
/// - **Replies**: a single reply ready within the inline budget goes back in the webhook's
///   HTTP response; anything else goes through the `ReplySink`.
/// - **Replicas**: with a `SharedUpdateJournal` (PostgreSQL) the lane's order holds across
///   processes: a chat is worked by the replica holding its lease, from the journal, in
///   update-id order; an update journaled for a chat held elsewhere is left to the holder.
///
/// The decisions are `PipelineStateMachine`'s; this class holds it behind a lock (held for
/// microseconds: no actor hop per update) and performs its actions. The workers and the
/// inline-reply sweeper are child tasks of `run()`: "drained" means its task group ended.
public final class UpdatePipeline: Sendable {
    public struct Limits: Sendable {
        public var maxConcurrent: Int
        public var maxQueued: Int

        public init(maxConcurrent: Int = 32, maxQueued: Int = 1024) {
            self.maxConcurrent = maxConcurrent
            self.maxQueued = maxQueued
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
        /// The journal could not be written: not accepted, retry later.
        case storeUnavailable
    }

    struct Job: Sendable {
        /// Nil for a chat taken over from another replica: work what the journal holds for it.
        let update: Update?
        let lane: Int64
        /// Where a lone reply goes when a webhook request waits for it inline.
        let inlineReply: OneShot<BotMethod>
        /// Shared journal: what `begin` said — this replica took the chat's lease for this
        /// update (no `acquire` needed), and no earlier update of the chat is unanswered (no
        /// `head` needed: this one is it).
        var tookLease = false
        var firstInLine = false

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

    /// A parked worker: resumed with its next job, or nil to exit.
    typealias Worker = CheckedContinuation<(Job, lane: Int64)?, Never>

    private let dispatcher: Dispatcher
    private let sink: any ReplySink
    private let journal: (any UpdateJournal)?
    /// The same journal when replicas share it.
    private let shared: (any SharedUpdateJournal)?
    /// Shared journal: updates received here and not yet answered, with their inline-reply
    /// slots (the chat's holder here may answer one while working another's lane job).
    private let received = Mutex<[Int64: OneShot<BotMethod>]>([:])
    private let limits: Limits
    private let deadlines: InlineReplyDeadlines<ContinuousClock>?
    private let counters: PipelineCounters
    private let logger: Logger
    private let state: Mutex<PipelineStateMachine<Job, Worker>>

    /// `inlineBudget`: how long a webhook request may wait for its reply (nil: never).
    public init(
        dispatcher: Dispatcher, sink: any ReplySink, journal: (any UpdateJournal)?, limits: Limits = Limits(),
        inlineBudget: Duration? = nil, counters: PipelineCounters, logger: Logger
    ) {
        self.dispatcher = dispatcher
        self.sink = sink
        self.journal = journal
        self.shared = journal as? any SharedUpdateJournal
        self.limits = limits
        self.deadlines = inlineBudget.map { InlineReplyDeadlines(budget: $0, clock: ContinuousClock()) }
        self.counters = counters
        self.logger = logger
        self.state = Mutex(PipelineStateMachine(maxQueued: limits.maxQueued))
    }

    /// Updates accepted and not yet finished.
    public var depth: Int { state.withLock { $0.held } }

    /// Accepts an update. With `waitingInline` (and an inline budget), waits up to the budget
    /// for a single reply to return inline; otherwise returns as soon as the update is
    /// journaled and queued. `payload` is the update's JSON as received, journaled as it is
    /// (encoding it again cost about 7% of the CPU per update); without it the update is
    /// encoded.
    public func submit(_ update: Update, payload: [UInt8]? = nil, waitingInline: Bool = false) async -> Outcome {
        // Reserved before the journal write so concurrent submits respect the bound.
        guard state.withLock({ $0.admit() }) else {
            counters.add(.overloaded)
            return .overloaded
        }
        if let shared {
            return await submitShared(update, payload: payload, waitingInline: waitingInline, journal: shared)
        }
        if let journal {
            do {
                let payload = try payload ?? Array(JSONEncoder().encode(update))
                guard try await journal.begin(updateID: update.updateID, payload: payload) else {
                    withdrawAdmission()
                    counters.add(.duplicate)
                    return .duplicate
                }
            } catch {
                withdrawAdmission()
                counters.add(.storeFailed)
                logger.error("update journal write failed", metadata: ["error": "\(error)"])
                return .storeUnavailable
            }
        }
        counters.add(.accepted)
        guard waitingInline, let deadlines else {
            enqueue(Job(update: update, inlineReply: .closed))
            return .accepted
        }
        let reply = OneShot<BotMethod>()
        enqueue(Job(update: update, inlineReply: reply))
        guard let method = await deadlines.wait(for: reply) else { return .accepted }
        return .inlineReply(method)
    }

    /// `submit` with a shared journal: journaled with the chat's lease taken when it is free;
    /// worked here only if this replica holds the chat.
    private func submitShared(
        _ update: Update, payload: [UInt8]?, waitingInline: Bool, journal: any SharedUpdateJournal
    ) async -> Outcome {
        let admission: SharedAdmission
        do {
            let payload = try payload ?? Array(JSONEncoder().encode(update))
            admission = try await journal.begin(updateID: update.updateID, chatID: update.lane, payload: payload)
        } catch {
            withdrawAdmission()
            counters.add(.storeFailed)
            logger.error("update journal write failed", metadata: ["error": "\(error)"])
            return .storeUnavailable
        }
        var tookLease = false
        var firstInLine = false
        switch admission {
        case .duplicate:
            withdrawAdmission()
            counters.add(.duplicate)
            return .duplicate
        case .heldElsewhere:
            withdrawAdmission()
            counters.add(.accepted)
            counters.add(.handedOver)
            return .accepted
        case .leased(let first):
            (tookLease, firstInLine) = (true, first)
            counters.add(.accepted)
        case .heldHere:
            counters.add(.accepted)
        }
        let reply = waitingInline && deadlines != nil ? OneShot<BotMethod>() : .closed
        received.withLock { $0[update.updateID] = reply }
        var job = Job(update: update, inlineReply: reply)
        (job.tookLease, job.firstInLine) = (tookLease, firstInLine)
        enqueue(job)
        guard waitingInline, let deadlines else { return .accepted }
        guard let method = await deadlines.wait(for: reply) else { return .accepted }
        return .inlineReply(method)
    }

    /// Shared journal: takes over chats whose holder's lease lapsed (a replica died or hung
    /// with updates it had accepted) and works them here. Called periodically by every replica.
    public func adoptOrphanedChats() async {
        guard let shared, state.withLock({ $0.isAccepting }) else { return }
        do {
            let chats = try await shared.adoptOrphans(limit: 100)
            guard !chats.isEmpty else { return }
            counters.add(.leaseTakeovers, chats.count)
            logger.notice("taking over chats whose replica stopped answering", metadata: ["chats": "\(chats.count)"])
            for chat in chats {
                state.withLock { $0.admitReplayed() }
                enqueue(Job(adoptedChat: chat))
            }
        } catch {
            logger.warning("could not look for abandoned chats", metadata: ["error": "\(error)"])
        }
    }

    /// Re-queues updates that were accepted but not answered before the last stop (with a
    /// shared journal: the chats no replica holds).
    public func resumeJournaled() async {
        if shared != nil {
            await adoptOrphanedChats()
            return
        }
        guard let journal else { return }
        do {
            let pending = try await journal.pending()
            guard !pending.isEmpty else { return }
            logger.notice("answering updates accepted before the last stop", metadata: ["count": "\(pending.count)"])
            for entry in pending {
                guard let update = try? Update(json: entry.payload) else {
                    try? await journal.complete(updateID: entry.updateID)
                    continue
                }
                state.withLock { $0.admitReplayed() }
                enqueue(Job(update: update, inlineReply: .closed))
            }
        } catch {
            logger.error("could not read the update journal", metadata: ["error": "\(error)"])
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
            let job: (Job, lane: Int64)
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
    private func park() async -> (Job, lane: Int64)? {
        await withCheckedContinuation { (worker: Worker) in
            // Asked again under the lock that parks, so no enqueue falls between.
            let action = state.withLock { machine -> PipelineStateMachine<Job, Worker>.NextAction in
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

    private func enqueue(_ job: Job) {
        if case .resume(let worker, let job, let lane) = state.withLock({ $0.enqueue(job, lane: job.lane) }) {
            worker.resume(returning: (job, lane))
        }
    }

    private func withdrawAdmission() {
        resumeForExit(state.withLock { $0.withdrawAdmission() })
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

    private func handle(_ job: Job) async {
        if let shared {
            await work(chatOf: job, journal: shared)
            return
        }
        guard let update = job.update else { return }
        await answer(update, inlineReply: job.inlineReply)
        if Task.isCancelled {
            return  // shutdown ran out of time: left journaled, answered after the restart
        }
        do {
            try await journal?.complete(updateID: update.updateID)
        } catch {
            logger.error(
                "could not mark an update done", metadata: ["update_id": "\(update.updateID)", "error": "\(error)"])
        }
    }

    /// Shared journal: works the job's chat from the journal while this replica holds it —
    /// every unanswered update of the chat in id order, whichever replica received it — and
    /// lets it go once none is left.
    private func work(chatOf job: Job, journal: any SharedUpdateJournal) async {
        let lane = job.lane
        if let update = job.update, received.withLock({ $0[update.updateID] == nil }) {
            return  // answered already, by this lane's previous job
        }
        // Whatever happens below, the job's own update is answered (here or by the holder)
        // or left journaled for a takeover: its slot goes, so that no inline wait outlives it.
        defer { if let update = job.update { takeReceived(update.updateID).close() } }
        // What begin found saves the first round trips: the lease it took, the head it is.
        var holding = job.tookLease
        var knownHead = job.firstInLine ? job.update.map { JournaledUpdate(updateID: $0.updateID, payload: []) } : nil
        do {
            working: while true {
                // Another replica holds the chat now: it answers what is journaled.
                if !holding {
                    guard try await journal.acquire(chatID: lane) else { return }
                }
                holding = false
                var next: JournaledUpdate?
                if let known = knownHead {
                    next = known
                    knownHead = nil
                } else {
                    next = try await journal.head(chatID: lane)
                }
                while let entry = next {
                    let slot = takeReceived(entry.updateID)
                    let update =
                        job.update?.updateID == entry.updateID ? job.update : try? Update(json: entry.payload)
                    if let update {
                        await answer(update, inlineReply: slot)
                    } else {
                        slot.close()
                        logger.warning(
                            "journaled update is not an Update; skipped", metadata: ["update_id": "\(entry.updateID)"])
                    }
                    if Task.isCancelled { return }  // left journaled; the lease lapses and another replica answers
                    switch try await completeSent(entry.updateID, chatID: lane, journal: journal) {
                    case .next(let following): next = following
                    case .released, .lost: return
                    case .wanted: continue working
                    }
                }
                // The chat had nothing unanswered (answered meanwhile): let it go.
                if try await journal.release(chatID: lane) { return }
            }
        } catch {
            logger.error(
                "shared journal failed while working a chat; it passes to another replica when the lease lapses",
                metadata: ["chat": "\(lane)", "error": "\(error)"])
        }
    }

    /// Marks an answered update done, retrying while the database is away: its reply went
    /// out, and every retry that succeeds before the lease lapses is a duplicate avoided.
    private func completeSent(_ updateID: Int64, chatID: Int64, journal: any SharedUpdateJournal) async throws
        -> ChatProgress
    {
        var attempt = 0
        while true {
            do {
                return try await journal.complete(updateID: updateID, chatID: chatID)
            } catch {
                attempt += 1
                guard attempt < 30, !Task.isCancelled else { throw error }
                try await Task.sleep(
                    for: Backoff.delay(attempt: attempt, initial: .milliseconds(200), maximum: .seconds(2)))
            }
        }
    }

    /// The inline slot of an update received here, taken out (closed when there is none).
    private func takeReceived(_ updateID: Int64) -> OneShot<BotMethod> {
        received.withLock { $0.removeValue(forKey: updateID) } ?? .closed
    }

    /// Runs the dispatcher and delivers its replies.
    private func answer(_ update: Update, inlineReply: OneShot<BotMethod>) async {
        let started = ContinuousClock.now
        let answer = await dispatcher.answer(update, announcing: announcer)
        var remaining = answer.methods
        let elapsed = ContinuousClock.now - started
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
        if let candidate, inlineReply.offer(remaining[candidate]) {
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

extension Update {
    /// The pipeline's lane (and with replicas the lease) an update belongs to: its chat, or
    /// the update alone when it has none.
    var lane: Int64 { chatID ?? updateID }
}
