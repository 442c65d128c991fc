import AssistantCore
import Logging
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One process alone: the journal recognises redeliveries and keeps what was accepted until
/// it is answered; the pipeline's lanes keep each chat in order.
struct LocalChats: ChatCoordinator {
    let journal: any UpdateJournal
    let logger: Logger

    func admit(_ update: Update, payload: [UInt8]?, inlineReply: OneShot<BotMethod>) async -> ChatAdmission {
        do {
            let payload = try payload ?? Array(JSONEncoder().encode(update))
            guard try await journal.begin(updateID: update.updateID, payload: payload) else { return .duplicate }
        } catch {
            logger.error("update journal write failed", metadata: ["error": "\(error)"])
            return .storeUnavailable
        }
        return .queue(ChatJob(update: update, inlineReply: inlineReply))
    }

    func recover() async -> [ChatJob] {
        do {
            let pending = try await journal.pending()
            guard !pending.isEmpty else { return [] }
            logger.notice("answering updates accepted before the last stop", metadata: ["count": "\(pending.count)"])
            var jobs: [ChatJob] = []
            for entry in pending {
                guard let update = try? Update(json: entry.payload) else {
                    try? await journal.complete(updateID: entry.updateID)
                    continue
                }
                jobs.append(ChatJob(update: update, inlineReply: .closed))
            }
            return jobs
        } catch {
            logger.error("could not read the update journal", metadata: ["error": "\(error)"])
            return []
        }
    }

    func work(_ job: ChatJob, answer: @Sendable (Update, OneShot<BotMethod>) async -> Void) async {
        guard let update = job.update else { return }
        await answer(update, job.inlineReply)
        if Task.isCancelled {
            return  // shutdown ran out of time: left journaled, answered after the restart
        }
        do {
            try await journal.complete(updateID: update.updateID)
        } catch {
            logger.error(
                "could not mark an update done", metadata: ["update_id": "\(update.updateID)", "error": "\(error)"])
        }
    }

    func hold(takeOver: @escaping @Sendable ([ChatJob]) -> Void) async {}

    func finish() async {}
}
