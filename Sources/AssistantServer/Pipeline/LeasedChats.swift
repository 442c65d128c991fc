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

/// Several replicas on one journal (PostgreSQL): a chat is worked by the replica holding its
/// lease, from the journal, in update-id order, whichever replica received the update; an
/// update journaled for a chat held elsewhere is left to the holder, and a replica that
/// stops answering loses its chats to the others once its leases lapse.
///
/// A worker that meets a database error retries while the lease is surely still this
/// replica's (half its length); past that it abandons the chat: its lease is no longer
/// renewed, so it lapses and the chat is taken over (by another replica, or by this one
/// once the database answers) — instead of a lease renewed for ever on a chat nobody works.
final class LeasedChats: ChatCoordinator {
    let journal: any SharedUpdateJournal
    let leaseSeconds: Int
    /// Renewals, take-overs and retries are timed on it.
    let clock: AppClock
    let logger: Logger
    /// Updates received here and not yet answered, with their inline-reply slots (the chat's
    /// holder here may answer one while working another's job).
    private let received = Mutex<[Int64: OneShot<BotMethod>]>([:])
    /// Chats whose worker gave up on a database error: their leases are not renewed.
    private let abandoned = Mutex<Set<Int64>>([])

    init(journal: any SharedUpdateJournal, leaseSeconds: Int, clock: AppClock, logger: Logger) {
        self.clock = clock
        self.journal = journal
        self.leaseSeconds = leaseSeconds
        self.logger = logger
    }

    /// Journaled with the chat's lease taken when it is free; worked here only if this
    /// replica holds the chat.
    func admit(_ update: Update, payload: [UInt8]?, inlineReply: OneShot<BotMethod>) async -> ChatAdmission {
        let admission: SharedAdmission
        let asked = clock.now
        do {
            let payload = try payload ?? Array(JSONEncoder().encode(update))
            admission = try await journal.begin(updateID: update.updateID, chatID: update.lane, payload: payload)
        } catch {
            logger.error("update journal write failed", metadata: ["error": "\(error)"])
            return .storeUnavailable
        }
        var job = ChatJob(update: update, inlineReply: inlineReply)
        switch admission {
        case .duplicate: return .duplicate
        case .heldElsewhere: return .handedOver
        case .leased(let first, let epoch):
            (job.tookLease, job.firstInLine, job.epoch, job.leasedAt) = (true, first, epoch, asked)
            holdAgain(update.lane)
        case .heldHere: break
        }
        received.withLock { $0[update.updateID] = inlineReply }
        return .queue(job)
    }

    /// The chats no replica holds (this one's before a restart among them).
    func recover() async -> [ChatJob] {
        await adopt()
    }

    /// Leases chats whose holder's lease lapsed (a replica died or hung with updates it had
    /// accepted).
    private func adopt() async -> [ChatJob] {
        do {
            let chats = try await journal.adoptOrphans(limit: 100)
            guard !chats.isEmpty else { return [] }
            for chat in chats { holdAgain(chat) }
            logger.notice("taking over chats whose replica stopped answering", metadata: ["chats": "\(chats.count)"])
            return chats.map(ChatJob.init(adoptedChat:))
        } catch {
            logger.warning("could not look for abandoned chats", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Renews this replica's leases every third of their length and takes over the chats of
    /// replicas whose leases lapsed (looked for four times per lease), until cancelled.
    func hold(takeOver: @escaping @Sendable ([ChatJob]) -> Void) async {
        let lease = Duration.seconds(leaseSeconds)
        let interval = lease / 4
        var renewed = clock.now
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
            if clock.elapsed(since: renewed) >= lease / 3 - interval / 2 {
                do {
                    try await journal.renewLeases(except: abandoned.withLock { $0 })
                    renewed = clock.now
                } catch {
                    logger.warning("chat leases not renewed", metadata: ["error": "\(error)"])
                }
            }
            let jobs = await adopt()
            if !jobs.isEmpty { takeOver(jobs) }
        }
    }

    func finish() async {
        do {
            try await journal.releaseAll()
        } catch {
            logger.warning(
                "chat leases not released; other replicas take them when they lapse", metadata: ["error": "\(error)"])
        }
    }

    /// Works the job's chat from the journal while this replica holds it — every unanswered
    /// update of the chat in id order, whichever replica received it — and lets it go once
    /// none is left.
    func work(_ job: ChatJob, answer: @Sendable (Update, OneShot<BotMethod>) async -> Void) async {
        let lane = job.lane
        if let update = job.update, received.withLock({ $0[update.updateID] == nil }) {
            return  // answered already, by this lane's previous job
        }
        // Whatever happens below, the job's own update is answered (here or by the holder)
        // or left journaled for a takeover: its slot goes, so that no inline wait outlives it.
        defer { if let update = job.update { takeReceived(update.updateID).close() } }
        // What begin found saves the first round trips: the lease it took, the head it is.
        var holding = job.tookLease ? job.epoch.map { Lease(epoch: $0, confirmedAt: job.leasedAt ?? clock.now) } : nil
        var knownHead = job.firstInLine ? job.update.map { JournaledUpdate(updateID: $0.updateID, payload: []) } : nil
        let started = clock.now
        var failures = 0
        // Answered here but perhaps not marked done when an error came: not answered twice.
        var answered: Set<Int64> = []
        while true {
            do {
                try await workChat(
                    lane, job, holding: holding, knownHead: knownHead, answered: &answered, answer: answer)
                return
            } catch {
                failures += 1
                // The lease is this replica's for at least half its length after it was
                // taken or renewed: retrying within that answers nothing twice.
                if !Task.isCancelled, clock.elapsed(since: started) < Duration.seconds(leaseSeconds) / 2 {
                    logger.warning(
                        "shared journal failed while working a chat; trying again",
                        metadata: ["chat": "\(lane)", "error": "\(error)", "attempt": "\(failures)"])
                    try? await clock.sleep(
                        for: Backoff.delay(attempt: failures, initial: .milliseconds(200), maximum: .seconds(2)))
                    (holding, knownHead) = (nil, nil)  // acquire again: true while it is ours
                    continue
                }
                abandoned.withLock { _ = $0.insert(lane) }
                logger.error(
                    "shared journal failed while working a chat; its lease is left to lapse and the chat is taken over",
                    metadata: ["chat": "\(lane)", "error": "\(error)"])
                return
            }
        }
    }

    /// Chats abandoned after a database error (their leases are left to lapse).
    var abandonedChats: Set<Int64> { abandoned.withLock { $0 } }

    /// This replica holds `chat` again (leased anew or adopted): its lease is renewed.
    private func holdAgain(_ chat: Int64) {
        abandoned.withLock { _ = $0.remove(chat) }
    }

    /// The chat's lease as its worker holds it: the epoch its replies are sent under, and
    /// when it was last known to be this replica's.
    struct Lease {
        var epoch: Int64
        var confirmedAt: AppClock.Instant
    }

    /// One go at the chat: every unanswered update in order, until none is left or another
    /// replica holds it. Each reply is sent under the lease's epoch (`SendFence`): when a
    /// booking is refused, the chat was taken over while this replica stood still, and its
    /// holder answers — the update is left unanswered here.
    private func workChat(
        _ lane: Int64, _ job: ChatJob, holding: Lease?, knownHead: JournaledUpdate?, answered: inout Set<Int64>,
        answer: @Sendable (Update, OneShot<BotMethod>) async -> Void
    ) async throws {
        var holding = holding
        var knownHead = knownHead
        let sureFor = Duration.seconds(leaseSeconds) / 2
        working: while true {
            var lease: Lease
            if let held = holding {
                lease = held
            } else {
                // Another replica holds the chat now: it answers what is journaled.
                let asked = clock.now
                guard let epoch = try await journal.acquire(chatID: lane) else { return }
                lease = Lease(epoch: epoch, confirmedAt: asked)
                holdAgain(lane)
            }
            holding = nil
            var next: JournaledUpdate?
            if let known = knownHead {
                next = known
                knownHead = nil
            } else {
                next = try await journal.head(chatID: lane)
            }
            while let entry = next {
                let slot = takeReceived(entry.updateID)
                let update = job.update?.updateID == entry.updateID ? job.update : try? Update(json: entry.payload)
                if answered.contains(entry.updateID) {
                    slot.close()  // its reply went out before the error: only the mark is missing
                } else if let update {
                    answered.insert(entry.updateID)
                    let (clock, confirmed) = (clock, lease.confirmedAt)
                    let fence = SendFence(
                        chatLease: .init(
                            chatID: lane, epoch: lease.epoch, isSure: { clock.elapsed(since: confirmed) < sureFor }))
                    await SendFence.$current.withValue(fence) { await answer(update, slot) }
                    if fence.refusal.isTripped {
                        answered.remove(entry.updateID)
                        logger.notice(
                            "the chat's lease passed to another replica while this one stood still; its holder answers",
                            metadata: ["chat": "\(lane)", "update_id": "\(entry.updateID)"])
                        return
                    }
                } else {
                    slot.close()
                    logger.warning(
                        "journaled update is not an Update; skipped", metadata: ["update_id": "\(entry.updateID)"])
                }
                if Task.isCancelled { return }  // left journaled; the lease lapses and another replica answers
                let asked = clock.now
                switch try await completeSent(entry.updateID, chatID: lane, epoch: lease.epoch) {
                case .next(let following):
                    next = following
                    lease.confirmedAt = asked
                case .released, .lost: return
                case .wanted: continue working
                }
            }
            // The chat had nothing unanswered (answered meanwhile): let it go.
            if try await journal.release(chatID: lane, epoch: lease.epoch) { return }
        }
    }

    /// Marks an answered update done, retrying while the database is away: its reply went
    /// out, and every retry that succeeds before the lease lapses is a duplicate avoided.
    private func completeSent(_ updateID: Int64, chatID: Int64, epoch: Int64) async throws -> ChatProgress {
        var attempt = 0
        while true {
            do {
                return try await journal.complete(updateID: updateID, chatID: chatID, epoch: epoch)
            } catch {
                attempt += 1
                guard attempt < 30, !Task.isCancelled else { throw error }
                try await clock.sleep(
                    for: Backoff.delay(attempt: attempt, initial: .milliseconds(200), maximum: .seconds(2)))
            }
        }
    }

    /// The inline slot of an update received here, taken out (closed when there is none).
    private func takeReceived(_ updateID: Int64) -> OneShot<BotMethod> {
        received.withLock { $0.removeValue(forKey: updateID) } ?? .closed
    }
}
