import Logging
import MarketEngine
import TelegramBotAPI

/// Turns one update into the Bot API calls that answer it. Shared by the webhook, polling,
/// the JSON API and `ask`; knows nothing about how the update arrived or how replies leave.
///
/// Rules (README, "How the bot reads messages"):
/// - commands come from `message`, `channel_post` and buttons (`callback_query.data`, read
///   as `ButtonData`): "↻ refresh" edits its message with a fresh answer, at most once per
///   `RefreshLimiter.interval`; a button this version does not know gets a short notice;
/// - edited messages are ignored, so an edit never produces a second answer;
/// - `/cmd@OtherBot` is ignored; `/cmd@ThisBot` and plain `/cmd` are ours;
/// - an unknown command gets one line in private chats, and in groups only when addressed
///   to this bot by name (several bots may share a group);
/// - text that is not a command gets a hint in private chats and silence elsewhere.
public struct Dispatcher: Sendable {
    private let handlers: [String: any CommandHandler]
    public let descriptors: [CommandDescriptor]
    /// This bot's username without `@`; when unknown, any `@mention` is accepted.
    public let botUsername: String?
    private let logger: Logger
    public let accessPolicy: AccessPolicy
    private let preferenceStore: (any ChatPreferencesStore)?
    private let refreshes: RefreshLimiter
    private let now: @Sendable () -> Int64
    private let inline: (any InlineQueryAnswering)?

    public init(
        handlers: [any CommandHandler], botUsername: String?, accessPolicy: AccessPolicy = .denyAll,
        preferences: (any ChatPreferencesStore)? = nil, logger: Logger = Logger(label: "dispatcher"),
        refreshes: RefreshLimiter = RefreshLimiter(), now: @escaping @Sendable () -> Int64 = UTCClock.nowMilliseconds,
        inline: (any InlineQueryAnswering)? = nil
    ) {
        var table: [String: any CommandHandler] = [:]
        for handler in handlers {
            table[handler.descriptor.name] = handler
            for alias in handler.descriptor.aliases { table[alias] = handler }
        }
        self.handlers = table
        self.descriptors = handlers.map(\.descriptor)
        self.botUsername = botUsername
        self.accessPolicy = accessPolicy
        self.preferenceStore = preferences
        self.logger = logger
        self.refreshes = refreshes
        self.now = now
        self.inline = inline
    }

    /// What a button press answers when its data is not one this version sends.
    public static let staleButton = "This button is out of date: send the command again."
    public static let refreshTooSoon = "Just refreshed: try again in a few seconds."

    /// The command menu for `setMyCommands`.
    public var botCommands: [BotCommand] {
        descriptors.map { BotCommand(command: $0.name, description: $0.summary) }
    }

    /// What an update produced: the Bot API calls, and the command that ran (its name,
    /// `unknown` for a command this bot lacks, nil when there was none for this bot), for
    /// logs and metrics without parsing the text again.
    public struct Answer: Sendable {
        public var command: String?
        public var methods: [BotMethod]
    }

    public func replies(to update: Update) async -> [BotMethod] {
        await answer(update).methods
    }

    /// Called with "typing…" before a slow command runs, for transports whose replies can
    /// leave separately.
    public typealias Announcer = @Sendable (BotMethod) async -> Void

    public func answer(_ update: Update, announcing announce: Announcer? = nil) async -> Answer {
        if let message = update.message ?? update.channelPost {
            return await answer(message, announce)
        }
        if let callback = update.callbackQuery {
            return await answer(callback, announce)
        }
        if let query = update.inlineQuery, let inline {
            return Answer(command: "inline", methods: [.answerInlineQuery(await inline.answer(query))])
        }
        return Answer(command: nil, methods: [])
    }

    private func answer(_ message: Message, _ announce: Announcer?) async -> Answer {
        guard let text = message.text else { return Answer(command: nil, methods: []) }
        let thread = message.isTopicMessage == true ? message.messageThreadID : nil
        guard let command = ParsedCommand.parse(text, entities: message.entities) else {
            guard message.chat.isPrivate else { return Answer(command: nil, methods: []) }
            let hint = Reply(html: "Send a command such as /price BTC, or /help for the list.")
            return Answer(command: nil, methods: send(hint, to: message.chat.id, thread: thread))
        }
        let name = name(of: command)
        let reply = await run(command, chat: message.chat, sender: message.from, thread: thread, announce: announce)
        guard let reply else {
            return Answer(command: name, methods: [])
        }
        return Answer(
            command: name, methods: send(withRefresh(reply, for: command), to: message.chat.id, thread: thread))
    }

    /// A refreshable command's reply with its "↻ refresh" button (when the reply has no
    /// buttons of its own and the command fits in a button's 64 bytes).
    private func withRefresh(_ reply: Reply, for command: ParsedCommand) -> Reply {
        guard reply.keyboard == nil, let descriptor = handlers[command.name]?.descriptor, descriptor.isRefreshable
        else { return reply }
        let text = (["/" + command.name] + command.arguments).joined(separator: " ")
        guard let data = ButtonData.refresh(text).encoded else { return reply }
        var buttons = [InlineKeyboardButton(text: "↻ refresh", callbackData: data)]
        let chartText = (["/chart"] + command.arguments.filter { $0.lowercased() != "all" }).joined(separator: " ")
        if descriptor.offersChart, handlers[CommandCatalog.chart.name] != nil,
            let chart = ButtonData.run(chartText).encoded
        {
            buttons.append(InlineKeyboardButton(text: "📊 chart", callbackData: chart))
        }
        var reply = reply
        reply.keyboard = InlineKeyboardMarkup(inlineKeyboard: [buttons])
        return reply
    }

    private func answer(_ callback: CallbackQuery, _ announce: Announcer?) async -> Answer {
        func acknowledge(_ text: String? = nil) -> BotMethod {
            .answerCallbackQuery(AnswerCallbackQuery(callbackQueryID: callback.id, text: text))
        }
        guard let data = callback.data, let message = callback.message else {
            return Answer(command: nil, methods: [acknowledge()])
        }
        guard let button = ButtonData(data) else {
            return Answer(command: nil, methods: [acknowledge(Self.staleButton)])
        }
        let thread = message.isTopicMessage == true ? message.messageThreadID : nil
        switch button {
        case .run(let text):
            guard let command = ParsedCommand.parse(text) else {
                return Answer(command: nil, methods: [acknowledge(Self.staleButton)])
            }
            var methods = [acknowledge()]
            if let reply = await run(
                command, chat: message.chat, sender: callback.from, thread: thread, announce: announce)
            {
                methods += send(withRefresh(reply, for: command), to: message.chat.id, thread: thread)
            }
            return Answer(command: name(of: command), methods: methods)
        case .refresh(let text):
            guard let command = ParsedCommand.parse(text) else {
                return Answer(command: nil, methods: [acknowledge(Self.staleButton)])
            }
            guard refreshes.allow(chatID: message.chat.id, messageID: message.messageID, now: now()) else {
                return Answer(command: nil, methods: [acknowledge(Self.refreshTooSoon)])
            }
            guard let reply = await run(command, chat: message.chat, sender: callback.from, thread: thread) else {
                return Answer(command: nil, methods: [acknowledge()])
            }
            return Answer(
                command: name(of: command), methods: [acknowledge(), edit(message, withRefresh(reply, for: command))])
        case .deleteAlert(let id):
            let deleted = ParsedCommand(name: CommandCatalog.alert.name, arguments: ["delete", "\(id)"])
            let list = ParsedCommand(name: CommandCatalog.alerts.name)
            guard let outcome = await run(deleted, chat: message.chat, sender: callback.from),
                let reply = await run(list, chat: message.chat, sender: callback.from)
            else { return Answer(command: nil, methods: [acknowledge()]) }
            return Answer(
                command: CommandCatalog.alert.name,
                methods: [acknowledge(HTML.plainText(outcome.html)), edit(message, reply)])
        }
    }

    /// The message a button sits under, edited to show `reply` (its first 4096 characters).
    private func edit(_ message: Message, _ reply: Reply) -> BotMethod {
        .editMessageText(
            EditMessageText(
                chatID: message.chat.id, messageID: message.messageID,
                text: MessageSplitter.split(reply.html).first ?? "", replyMarkup: reply.keyboard))
    }

    private func name(of command: ParsedCommand) -> String? {
        guard isForThisBot(command) else { return nil }
        return handlers[command.name]?.descriptor.name ?? "unknown"
    }

    private func isForThisBot(_ command: ParsedCommand) -> Bool {
        guard let mention = command.mention, let botUsername else { return true }
        return mention.lowercased() == botUsername.lowercased()
    }

    /// Runs a command addressed to this bot; nil when the command is not for us.
    func run(
        _ command: ParsedCommand, chat: Chat?, sender: User?, thread: Int64? = nil, announce: Announcer? = nil
    ) async -> Reply? {
        guard isForThisBot(command) else { return nil }
        guard let handler = handlers[command.name] else {
            let addressed = command.mention != nil || chat?.isPrivate ?? true
            guard addressed else { return nil }
            let shown = String(command.name.prefix(40))
            return Reply(html: "Unknown command /\(HTML.escape(shown)). Send /help for the list.")
        }
        if handler.descriptor.isPrivate && !accessPolicy.allows(chat: chat, sender: sender) {
            logger.info("private command refused", metadata: ["command": "\(handler.descriptor.name)"])
            return AccessPolicy.refusal
        }
        logger.debug("command", metadata: ["command": "\(handler.descriptor.name)"])
        if handler.isSlow, let announce, let chat {
            await announce(
                .sendChatAction(SendChatAction(chatID: chat.id, messageThreadID: thread, action: handler.chatAction)))
        }
        var preferences = ChatPreferences()
        if let preferenceStore, let chatID = chat?.id {
            do {
                preferences = try await preferenceStore.preferences(for: chatID)
            } catch {
                // The defaults still answer the command; the setting is back once the store is.
                logger.warning("chat settings unreadable; using defaults", metadata: ["error": "\(error)"])
            }
        }
        return await handler.run(
            CommandInvocation(command: command, chat: chat, sender: sender, preferences: preferences))
    }

    private func send(_ reply: Reply, to chatID: Int64, thread: Int64?) -> [BotMethod] {
        if let photo = reply.photo {
            return [
                .sendPhoto(
                    SendPhoto(
                        chatID: chatID, messageThreadID: thread, photo: photo, caption: reply.html,
                        replyMarkup: reply.keyboard))
            ]
        }
        let parts = MessageSplitter.split(reply.html)
        return parts.enumerated().map { index, part in
            // Buttons go under the last part, where the reader ends up.
            .sendMessage(
                SendMessage(
                    chatID: chatID, messageThreadID: thread, text: part,
                    replyMarkup: index == parts.count - 1 ? reply.keyboard : nil))
        }
    }
}
