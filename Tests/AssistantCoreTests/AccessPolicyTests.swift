import Synchronization
import TelegramBotAPI
import Testing

@testable import AssistantCore

@Suite struct AccessPolicyTests {
    let policy = AccessPolicy(adminIDs: [1001, -100_555])

    @Test func privateChatsByTheirID() {
        #expect(policy.allows(chat: Chat(id: 1001, type: "private"), sender: User(id: 1001)))
        #expect(!policy.allows(chat: Chat(id: 1002, type: "private"), sender: User(id: 1002)))
    }

    @Test func groupsNeedTheGroupAndTheSender() {
        let group = Chat(id: -100_555, type: "supergroup")
        #expect(policy.allows(chat: group, sender: User(id: 1001)))
        #expect(!policy.allows(chat: group, sender: User(id: 1002)))  // another member
        #expect(!policy.allows(chat: Chat(id: -100_999, type: "group"), sender: User(id: 1001)))  // admin elsewhere
        #expect(!policy.allows(chat: group, sender: nil))
    }

    @Test func channelsAndEmptyListsNever() {
        #expect(!policy.allows(chat: Chat(id: -100_555, type: "channel"), sender: nil))
        #expect(!AccessPolicy.denyAll.allows(chat: Chat(id: 1001, type: "private"), sender: User(id: 1001)))
        #expect(!policy.allows(chat: nil, sender: User(id: 1001)))
    }

    @Test func refusedChatsGetOneLineAndNoTyping() async {
        struct Secret: CommandHandler {
            let descriptor = CommandCatalog.balance
            var isSlow: Bool { true }
            func run(_ invocation: CommandInvocation) async -> Reply {
                Issue.record("a refused command ran")
                return Reply(html: "Binance $1,000,000")
            }
        }
        let dispatcher = Dispatcher(
            handlers: CommandCatalog.handlers(extra: [Secret()]), botUsername: nil,
            accessPolicy: AccessPolicy(adminIDs: [7]))
        for (chat, sender) in [(Chat(id: 8, type: "private"), User(id: 8)), (Chat(id: -5, type: "group"), User(id: 7))]
        {
            let update = Update(
                updateID: 1, message: Message(messageID: 1, from: sender, date: 0, chat: chat, text: "/balance"))
            let announced = Mutex(0)
            let replies = await dispatcher.answer(update) { _ in announced.withLock { $0 += 1 } }.methods
            #expect(announced.withLock { $0 } == 0)  // no "typing…" for a refusal
            #expect(replies.count == 1)
            guard case .sendMessage(let message) = replies.first else { continue }
            #expect(message.text == "This command is private.")
        }
    }
}
