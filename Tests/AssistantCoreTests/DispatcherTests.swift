import AssistantTesting
import AsyncHTTPClient
import MarketEngine
import TelegramBotAPI
import Testing

@testable import AssistantCore

@Suite struct DispatcherTests {
    let dispatcher = Dispatcher(handlers: CommandCatalog.handlers(), botUsername: "MarketAssistDemoBot")

    func message(_ text: String, chat: Chat = Chat(id: 42, type: "private"), thread: Int64? = nil) -> Update {
        Update(
            updateID: 1,
            message: Message(
                messageID: 1, messageThreadID: thread, from: User(id: 42, firstName: "A"), date: 0, chat: chat,
                text: text,
                isTopicMessage: thread == nil ? nil : true))
    }

    func texts(_ methods: [BotMethod]) -> [String] {
        methods.compactMap { if case .sendMessage(let m) = $0 { m.text } else { nil } }
    }

    /// The whole command set, as serve, poll and ask build it.
    static func everyCommand(accessPolicy: AccessPolicy = .denyAll) -> Dispatcher {
        let engine = MarketEngine.fixed([])
        let stores = MemoryStores().stores
        let accounts = AccountService(engine: engine, credentials: [:])
        return Dispatcher(
            handlers: CommandCatalog.handlers(
                engine: engine, accounts: accounts, preferences: stores.preferences,
                snapshots: EquitySnapshotter(store: stores.equity, accounts: accounts),
                alerts: .init(store: stores.alerts, limit: 50, canDeliver: true, stores: stores)),
            botUsername: "MarketAssistDemoBot", accessPolicy: accessPolicy, preferences: stores.preferences)
    }

    @Test func startAndHelpListEveryCommandWithUsage() async {
        let dispatcher = Self.everyCommand()
        for text in ["/start", "/help", "/HELP@MarketAssistDemoBot"] {
            let reply = texts(await dispatcher.replies(to: message(text))).joined()
            for descriptor in CommandCatalog.descriptors {
                #expect(reply.contains(HTML.escape(descriptor.usage)), "\(text) lacks \(descriptor.usage)")
            }
            #expect(!reply.contains("coming soon"))
        }
    }

    @Test func everyListedCommandHasItsHandler() async {
        let dispatcher = Self.everyCommand()
        #expect(dispatcher.descriptors.map(\.name) == CommandCatalog.descriptors.map(\.name))
        #expect(dispatcher.botCommands(in: .english).count == CommandCatalog.descriptors.count)
    }

    @Test func accountCommandsRunForAdminsAndAreRefusedToOthers() async {
        // No keys configured: an admin hears which exchanges are not configured, everyone
        // else is refused before anything runs.
        let admin = Self.everyCommand(accessPolicy: AccessPolicy(adminIDs: [42]))
        let reply = texts(await admin.replies(to: message("/balance"))).joined()
        #expect(reply.contains("not configured"), "\(reply)")
        #expect(texts(await Self.everyCommand().replies(to: message("/balance"))) == ["This command is private."])
    }

    @Test func commandsForAnotherBotAreIgnored() async {
        let group = Chat(id: -100_123, type: "supergroup")
        #expect(await dispatcher.replies(to: message("/price@SomeOtherBot SOL", chat: group)).isEmpty)
        #expect(await dispatcher.replies(to: message("/help@SomeOtherBot", chat: Chat(id: 1, type: "private"))).isEmpty)
        #expect(texts(await dispatcher.replies(to: message("/help@marketassistdemobot", chat: group))).count == 1)
    }

    @Test func unknownCommand() async {
        #expect(
            texts(await dispatcher.replies(to: message("/moon")))
                == ["Unknown command /moon. Send /help for the list."])
        let group = Chat(id: -100_123, type: "supergroup")
        #expect(await dispatcher.replies(to: message("/moon", chat: group)).isEmpty)
        #expect(texts(await dispatcher.replies(to: message("/moon@MarketAssistDemoBot", chat: group))).count == 1)
    }

    @Test func unknownCommandNameIsEscaped() async {
        let reply = texts(await dispatcher.replies(to: message("/<script>&x")))
        #expect(reply == ["Unknown command /&lt;script&gt;&amp;x. Send /help for the list."])
    }

    @Test func plainTextHintInPrivateSilenceInGroups() async {
        #expect(texts(await dispatcher.replies(to: message("hello"))).first?.contains("/help") == true)
        #expect(await dispatcher.replies(to: message("hello", chat: Chat(id: -5, type: "group"))).isEmpty)
    }

    @Test func editedMessagesAreIgnored() async {
        let edited = Update(
            updateID: 2,
            editedMessage: Message(messageID: 1, date: 0, chat: Chat(id: 42, type: "private"), text: "/help"))
        #expect(await dispatcher.replies(to: edited).isEmpty)
    }

    @Test func channelPostIsAnsweredInTheChannel() async {
        let post = Update(
            updateID: 3,
            channelPost: Message(
                messageID: 9, date: 0, chat: Chat(id: -1_009_876_543_210, type: "channel"), text: "/help"))
        let methods = await dispatcher.replies(to: post)
        #expect(methods.count == 1)
        #expect(methods.first?.chatID == -1_009_876_543_210)
    }

    @Test func callbackIsAnsweredThenRunAsACommand() async {
        let update = Update(
            updateID: 4,
            callbackQuery: CallbackQuery(
                id: "cb1", from: User(id: 42),
                message: Message(messageID: 7, date: 0, chat: Chat(id: 42, type: "private")), data: "c:/help"))
        let methods = await dispatcher.replies(to: update)
        #expect(methods.first == .answerCallbackQuery(AnswerCallbackQuery(callbackQueryID: "cb1")))
        #expect(texts(methods).count == 1)
        let inline = Update(updateID: 5, callbackQuery: CallbackQuery(id: "cb2", from: User(id: 42), data: "c:/help"))
        #expect(
            await dispatcher.replies(to: inline) == [.answerCallbackQuery(AnswerCallbackQuery(callbackQueryID: "cb2"))])
    }

    @Test func answerNamesTheCommandThatRan() async {
        #expect(await dispatcher.answer(message("/help")).command == "help")
        #expect(await dispatcher.answer(message("/HELP@MarketAssistDemoBot")).command == "help")
        #expect(await dispatcher.answer(message("/nosuch")).command == "unknown")
        #expect(await dispatcher.answer(message("/help@OtherBot")).command == nil)
        #expect(await dispatcher.answer(message("hello")).command == nil)
        let callback = Update(
            updateID: 6,
            callbackQuery: CallbackQuery(
                id: "cb3", from: User(id: 42),
                message: Message(messageID: 7, date: 0, chat: Chat(id: 42, type: "private")), data: "c:/help"))
        let answer = await dispatcher.answer(callback)
        #expect(answer.command == "help" && texts(answer.methods).count == 1)
    }

    @Test func forumTopicRepliesStayInTheTopic() async {
        let methods = await dispatcher.replies(
            to: message("/help", chat: Chat(id: -100_7, type: "supergroup"), thread: 55))
        guard case .sendMessage(let sent) = methods.first else {
            Issue.record("no message")
            return
        }
        #expect(sent.messageThreadID == 55)
    }

    @Test func longRepliesAreSplitWithButtonsOnTheLastPart() async {
        struct Long: CommandHandler {
            let descriptor = CommandDescriptor(name: "long", usage: "/long")
            func run(_ invocation: CommandInvocation) async -> Reply {
                Reply(
                    html: (1...300).map { "<b>row \($0)</b>" }.joined(separator: "\n"),
                    keyboard: InlineKeyboardMarkup(inlineKeyboard: [
                        [InlineKeyboardButton(text: "↻", callbackData: "long")]
                    ]))
            }
        }
        let dispatcher = Dispatcher(handlers: CommandCatalog.handlers(extra: [Long()]), botUsername: nil)
        let methods = await dispatcher.replies(to: message("/long"))
        #expect(methods.count == 2)
        let sent = methods.compactMap { if case .sendMessage(let m) = $0 { m } else { nil } }
        #expect(sent.allSatisfy { $0.text.utf16.count <= 4096 })
        #expect(sent.first?.replyMarkup == nil)
        #expect(sent.last?.replyMarkup != nil)
    }

    @Test(arguments: Language.allCases) func botCommandsAreValidForSetMyCommands(_ language: Language) {
        let commands = Self.everyCommand().botCommands(in: language)
        #expect(commands.count == 19)
        for command in commands {
            #expect(ParsedCommand(name: command.command).hasValidName)
            #expect((1...256).contains(command.description.count), "\(language): \(command.command)")
            #expect(!command.description.contains("<"), "plain text: \(command.command)")
        }
    }
}
