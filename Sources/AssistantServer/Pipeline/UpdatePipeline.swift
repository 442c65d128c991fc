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
/// - **Dedupe**: the update id is journaled in the store before the transport acknowledges;
///   a redelivery is recognised and answered once, also after a restart.
/// - **Order**: one lane per chat; a chat's updates are handled and answered in order.
/// - **Bounds**: at most `maxConcurrent` updates are worked on and `maxQueued` are held;
///   beyond that `submit` answers `.overloaded` (the webhook turns it into 503 so Telegram
///   retries), so nothing accepted is ever dropped.
/// - **Replies**: a single reply ready within the webhook's budget goes back inline in the
///   HTTP response; anything else goes through the `ReplySink`.
///
/// A lock rather than an actor: each update used to cross the actor five times (submit, the
/// journal's answer, the inline wait, the lane, its end), each a hop between executors.
/// The state is a few counters and queues, touched briefly under the lock.
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

    private struct Job: Sendable {
        let update: Update
        let slot: InlineReplySlot
    }

    private struct State {
        /// A chat's lane exists while its worker runs; it holds the jobs still to start.
        var lanes: [Int64: [Job]] = [:]
        var held = 0
        var acceptingUpdates = true
        var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiterID = 0
        /// One per inline budget in use (a transport uses one budget throughout).
        var inlineDeadlines: [Duration: InlineReplyDeadlines] = [:]
    }

    private let dispatcher: Dispatcher
    private let sink: any ReplySink
    private let store: UpdateStore?
    private let limits: Limits
    private let limiter: ConcurrencyLimiter
    private let counters: PipelineCounters
    private let logger: Logger
    private let state = Mutex(State())

    public init(
        dispatcher: Dispatcher, sink: any ReplySink, store: UpdateStore?, limits: Limits = Limits(),
        counters: PipelineCounters, logger: Logger
    ) {
        self.dispatcher = dispatcher
        self.sink = sink
        self.store = store
        self.limits = limits
        self.limiter = ConcurrencyLimiter(limit: limits.maxConcurrent)
        self.counters = counters
        self.logger = logger
    }

    /// Updates accepted and not yet finished.
    public var depth: Int { state.withLock { $0.held } }

    /// Accepts an update. With `inlineBudget`, waits that long for a single reply to return
    /// inline; without, returns as soon as the update is journaled and queued. `payload` is
    /// the update's JSON as received, journaled as it is (encoding it again cost about 7% of
    /// the CPU per update); without it the update is encoded.
    public func submit(_ update: Update, payload: [UInt8]? = nil, inlineBudget: Duration? = nil) async -> Outcome {
        // Reserved before the journal write so concurrent submits respect the bound.
        let admitted = state.withLock { state -> Bool in
            guard state.acceptingUpdates, state.held < limits.maxQueued else { return false }
            state.held += 1
            return true
        }
        guard admitted else {
            counters.add(.overloaded)
            return .overloaded
        }
        if let store {
            do {
                let payload = try payload ?? Array(JSONEncoder().encode(update))
                guard try await store.begin(updateID: update.updateID, payload: payload) else {
                    finishOne()
                    counters.add(.duplicate)
                    return .duplicate
                }
            } catch {
                finishOne()
                counters.add(.storeFailed)
                logger.error("update journal write failed", metadata: ["error": "\(error)"])
                return .storeUnavailable
            }
        }
        counters.add(.accepted)
        let slot = inlineBudget == nil ? InlineReplySlot.closed : InlineReplySlot()
        enqueue(Job(update: update, slot: slot))
        guard let inlineBudget, let reply = await slot.wait(on: deadlines(for: inlineBudget)) else {
            return .accepted
        }
        return .inlineReply(reply)
    }

    private func deadlines(for budget: Duration) -> InlineReplyDeadlines {
        state.withLock { state in
            if let deadlines = state.inlineDeadlines[budget] { return deadlines }
            let deadlines = InlineReplyDeadlines(budget: budget)
            state.inlineDeadlines[budget] = deadlines
            return deadlines
        }
    }

    /// Re-queues updates that were accepted but not answered before the last stop.
    public func resumeJournaled() async {
        guard let store else { return }
        do {
            let pending = try await store.pending()
            guard !pending.isEmpty else { return }
            logger.notice("answering updates accepted before the last stop", metadata: ["count": "\(pending.count)"])
            for (updateID, payload) in pending {
                guard let update = try? Update(json: payload) else {
                    try? await store.complete(updateID: updateID)
                    continue
                }
                state.withLock { $0.held += 1 }
                enqueue(Job(update: update, slot: .closed))
            }
        } catch {
            logger.error("could not read the update journal", metadata: ["error": "\(error)"])
        }
    }

    /// Stops taking new updates; those already accepted are still answered.
    public func stopIntake() {
        state.withLock { $0.acceptingUpdates = false }
    }

    /// Returns once every accepted update has been handled, or when the task is cancelled.
    public func drain() async {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Checked under the lock, so a cancellation either sees the waiter or is
                // seen here.
                let now = state.withLock { state -> Bool in
                    if state.held == 0 || Task.isCancelled { return true }
                    state.idleWaiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.idleWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    // MARK: Lanes

    private func enqueue(_ job: Job) {
        let key = job.update.chatID ?? job.update.updateID
        let startsLane = state.withLock { state -> Bool in
            if state.lanes[key] != nil {
                state.lanes[key]!.append(job)
                return false
            }
            state.lanes[key] = []
            return true
        }
        if startsLane { Task { await self.runLane(key, first: job) } }
    }

    private func runLane(_ key: Int64, first: Job) async {
        var next: Job? = first
        while let job = next {
            await limiter.acquire()
            await handle(job)
            limiter.release()
            finishOne()
            next = nextJob(in: key)
        }
    }

    private func nextJob(in key: Int64) -> Job? {
        state.withLock { state in
            guard let jobs = state.lanes[key], !jobs.isEmpty else {
                state.lanes[key] = nil
                return nil
            }
            return state.lanes[key]!.removeFirst()
        }
    }

    private func finishOne() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.held -= 1
            guard state.held == 0, !state.idleWaiters.isEmpty else { return [] }
            defer { state.idleWaiters.removeAll() }
            return Array(state.idleWaiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Sends "typing…" for slow commands when replies can leave separately.
    private var announcer: Dispatcher.Announcer? {
        guard sink.canSend else { return nil }
        let sink = sink
        return { method in await sink.deliverOnce(method) }
    }

    /// Runs the dispatcher and delivers its replies.
    private func handle(_ job: Job) async {
        let started = ContinuousClock.now
        let answer = await dispatcher.answer(job.update, announcing: announcer)
        var remaining = answer.methods
        let elapsed = ContinuousClock.now - started
        let command = answer.command ?? "none"
        counters.recordCommand(command, duration: elapsed)
        logger.info(
            "update handled",
            metadata: [
                "update_id": .stringConvertible(job.update.updateID),
                "chat": .stringConvertible(job.update.chatID ?? 0),
                "command": .string(command), "replies": .stringConvertible(remaining.count),
                "duration": .stringConvertible(elapsed.milliseconds),
            ])
        // Only a lone reply goes inline: Telegram gives no result for it, so a second call
        // sent separately could overtake it. Without a token, inline is the only way out.
        let candidate =
            remaining.count == 1
            ? 0 : sink.canSend ? nil : remaining.firstIndex { if case .sendMessage = $0 { true } else { false } }
        if let candidate, job.slot.offer(remaining[candidate]) {
            counters.add(.repliesInline)
            remaining.remove(at: candidate)
        } else {
            job.slot.close()
        }
        for method in remaining {
            _ = await sink.deliver(method)
        }
        if Task.isCancelled {
            return  // shutdown ran out of time: left journaled, answered after the restart
        }
        do {
            try await store?.complete(updateID: job.update.updateID)
        } catch {
            logger.error(
                "could not mark an update done", metadata: ["update_id": "\(job.update.updateID)", "error": "\(error)"])
        }
    }
}
