import AssistantTesting
import Foundation
import NIOHTTP1
import Synchronization

/// Plays Telegram's side of the webhook under load: posts updates with a few requests in
/// flight and records what each got, so a test can redeliver exactly what Telegram would.
final class UpdateLoad: Sendable {
    enum Fate: Sendable, Equatable {
        /// A 2xx: Telegram considers the update delivered.
        case acknowledged
        /// Another status (503 while overloaded or stopping): Telegram retries.
        case refused(Int)
        /// No answer at all (connection refused or cut): Telegram retries.
        case unanswered
    }

    private let state = Mutex<[Int64: Fate]>([:])

    var fates: [Int64: Fate] { state.withLock { $0 } }
    var acknowledged: Int { state.withLock { $0.values.filter { $0 == .acknowledged }.count } }

    /// `/u<id>` in chat `id % chats + 1`: the reply ("Unknown command /u<id>…") names its update.
    static func body(id: Int64, chats: Int64) -> [UInt8] {
        Array(messageUpdate(id: id, chat: id % chats + 1, text: "/u\(id)").utf8)
    }

    static func updateID(inReply text: String) -> Int64? {
        guard text.hasPrefix("Unknown command /u") else { return nil }
        return Int64(text.dropFirst("Unknown command /u".count).prefix { $0.isNumber })
    }

    /// Posts `ids` to `url`, `concurrency` at a time; returns when every one has an answer
    /// or has failed.
    func post(_ ids: [Int64], to url: String, chats: Int64, concurrency: Int, client: TestClient) async {
        let queue = IDQueue(ids)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while let id = queue.next() {
                        let fate: Fate
                        do {
                            let answer = try await client.request(
                                url, method: .POST, body: Self.body(id: id, chats: chats),
                                headers: [
                                    ("X-Telegram-Bot-Api-Secret-Token", testSecret),
                                    ("Content-Type", "application/json"),
                                ])
                            fate = (200..<300).contains(answer.status) ? .acknowledged : .refused(answer.status)
                        } catch {
                            fate = .unanswered
                        }
                        self.state.withLock { $0[id] = fate }
                    }
                }
            }
        }
    }
}

/// The ids still to post, shared by the posting tasks.
private final class IDQueue: Sendable {
    private let ids: Mutex<ArraySlice<Int64>>

    init(_ ids: [Int64]) { self.ids = Mutex(ids[...]) }

    func next() -> Int64? { ids.withLock { $0.popFirst() } }
}
