import AssistantCore
import Logging
import MarketEngine
import ServiceLifecycle
import Synchronization

/// Chats whose alerts are paused because the bot may not write there (403: blocked by the
/// user, removed from the group). Their alerts stay armed but are not evaluated, and what
/// fired waits in the outbox; when the chat writes to the bot again, they resume.
///
/// The pauses live in the store (`Stores.pausedChats`, shared by replicas); each replica
/// keeps the set in memory, refreshed every alert interval, so that telling whether an
/// update's chat is paused costs no database round trip.
public final class AlertPauses: Sendable {
    private let store: any ChatRecordStore
    private let paused = Mutex<Set<Int64>>([])
    private let clock: AppClock
    private let logger: Logger

    public init(store: any ChatRecordStore, clock: AppClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    public var chats: Set<Int64> { paused.withLock { $0 } }

    public func contains(_ chatID: Int64) -> Bool { paused.withLock { $0.contains(chatID) } }

    /// Reads the pauses from the store (another replica may have set or lifted one).
    @discardableResult
    public func refresh() async throws -> Set<Int64> {
        let chats = Set(try await store.allRecords().map(\.chatID))
        paused.withLock { $0 = chats }
        return chats
    }

    /// Pauses `chatID`'s alerts.
    public func pause(_ chatID: Int64) async throws {
        if try await store.records(chatID: chatID).isEmpty {
            _ = try await store.add(chatID: chatID, payload: [], limit: 1)
        }
        paused.withLock { _ = $0.insert(chatID) }
    }

    /// The chat wrote to the bot: its alerts resume (and what fired meanwhile is sent).
    public func resume(_ chatID: Int64) async {
        guard contains(chatID) else { return }
        do {
            _ = try await store.removeAll(chatID: chatID)
            paused.withLock { _ = $0.remove(chatID) }
            logger.notice("alerts resumed: the chat wrote again", metadata: ["chat": "\(chatID)"])
        } catch {
            logger.warning(
                "alert pause not lifted; tried again on the chat's next message", metadata: ["error": "\(error)"])
        }
    }

    /// Refreshes every `interval` until graceful shutdown or cancellation.
    public func run(every interval: Duration) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            _ = try? await refresh()
            try? await cancelWhenGracefulShutdown { try await self.clock.sleep(for: interval) }
        }
    }
}
