import AssistantCore
import Synchronization

/// The chats this replica holds the lease of, each with its settings once known. No other
/// replica works a chat while this one holds it, and a chat's settings change only while
/// one of its updates is worked (`/settings`), so a copy taken during a hold stays true
/// until the chat is let go. Every hold starts without one — or with the settings `begin`
/// read in the statement that took the lease — so an update costs no extra round trip for
/// its chat's settings.
final class HeldChats: Sendable {
    /// Beyond this many held chats (a release that kept failing) the copies are dropped:
    /// reading from the database is always right, only slower.
    static let limit = 10_000

    private let chats = Mutex<[Int64: ChatPreferences?]>([:])

    /// A hold begins, with the chat's settings when they were read with the lease.
    func hold(_ chat: Int64, preferences: ChatPreferences? = nil) {
        chats.withLock { chats in
            if chats.count >= Self.limit { chats.removeAll() }
            chats[chat] = .some(preferences)
        }
    }

    func letGo(_ chat: Int64) {
        _ = chats.withLock { $0.removeValue(forKey: chat) }
    }

    func letGoAll() {
        chats.withLock { $0.removeAll() }
    }

    /// The chat's settings, when it is held and they are known.
    func preferences(of chat: Int64) -> ChatPreferences? {
        chats.withLock { $0[chat] ?? nil }
    }

    /// Keeps the settings read or written during a hold; nothing when the chat is not held.
    func remember(_ preferences: ChatPreferences, of chat: Int64) {
        chats.withLock { chats in
            if chats[chat] != nil { chats[chat] = .some(preferences) }
        }
    }
}
