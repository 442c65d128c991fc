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
final class LeasedChats: ChatCoordinator {
    let journal: any SharedUpdateJournal
    let leaseSeconds: Int
    /// Renewals, take-overs and retries are timed on it.
    let clock: AppClock
    let logger: Logger
    /// Updates received here and not yet answered, with their inline-reply slots (the chat's
    /// holder here may answer one while working another's job).
    private let received = Mutex<[Int64: OneShot<BotMethod>]>([:])

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
        case .leased(let first): (job.tookLease, job.firstInLine) = (true, first)
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
                    try await journal.renewLeases()
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
                        await answer(update, slot)
                    } else {
                        slot.close()
                        logger.warning(
                            "journaled update is not an Update; skipped", metadata: ["update_id": "\(entry.updateID)"])
                    }
                    if Task.isCancelled { return }  // left journaled; the lease lapses and another replica answers
                    switch try await completeSent(entry.updateID, chatID: lane) {
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
    private func completeSent(_ updateID: Int64, chatID: Int64) async throws -> ChatProgress {
        var attempt = 0
        while true {
            do {
                return try await journal.complete(updateID: updateID, chatID: chatID)
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
