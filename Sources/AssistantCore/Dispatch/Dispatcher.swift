import Logging
import MarketEngine
import TelegramBotAPI

/// Turns one update into the Bot API calls that answer it. Shared by the webhook, polling,
/// the JSON API and `ask`; knows nothing about how the update arrived or how replies leave.
///
/// Rules (README, "How the bot reads messages"):
/// - commands come from `message`, `channel_post` and buttons (`callback_query.data`, read
///   as `ButtonData`): "↻ refresh" edits its message with a fresh answer, at most once per
///   `RefreshLimiter.interval`, an `e:` button edits it with its command's answer; a button
///   this version does not know gets a short notice;
/// - edited messages are ignored, so an edit never produces a second answer;
/// - `/cmd@OtherBot` is ignored; `/cmd@ThisBot` and plain `/cmd` are ours;
/// - an unknown command gets one line in private chats, and in groups only when addressed
///   to this bot by name (several bots may share a group);
/// - text that is not a command gets a hint in private chats and silence elsewhere;
/// - everything is said in the chat's `/settings language`, else the sender's
///   `language_code` (inline answers: the querying user's).
public struct Dispatcher: Sendable {
    private let handlers: [String: any CommandHandler]
    public let descriptors: [CommandDescriptor]
    /// This bot's username without `@`; when unknown, any `@mention` is accepted.
    public let botUsername: String?
    private let logger: Logger
    public let accessPolicy: AccessPolicy
    private let preferenceStore: (any ChatPreferencesStore)?
    private let refreshes: RefreshLimiter
    private let clock: AppClock
    private let inline: (any InlineQueryAnswering)?
    /// Each chat's share of exchange requests; nil: unlimited.
    private let requestBudget: ChatRequestBudget?
    /// The command a "📊 chart" button runs, when there is one.
    private let chartCommand: String?

    public init(
        handlers: [any CommandHandler], botUsername: String?, accessPolicy: AccessPolicy = .denyAll,
        preferences: (any ChatPreferencesStore)? = nil, logger: Logger = Logger(label: "dispatcher"),
        refreshes: RefreshLimiter = RefreshLimiter(), clock: AppClock = .system,
        inline: (any InlineQueryAnswering)? = nil, requestBudget: ChatRequestBudget? = nil
    ) {
        self.requestBudget = requestBudget
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
        self.clock = clock
        self.inline = inline
        self.chartCommand = handlers.first { $0.descriptor.drawsCharts }?.descriptor.name
    }

    /// The command menu for `setMyCommands` in `language`.
    public func botCommands(in language: Language) -> [BotCommand] {
        HelpRenderer.menu(descriptors, in: language)
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
            let language = Language(languageCode: query.from.languageCode)
            // Per user: inline queries come from any chat, one per keystroke.
            if let seconds = retryAfter(query.from.id) {
                let text = language.phrases.chatBudgetSpent.filled(["seconds": "\(seconds)"])
                let notice = AnswerInlineQuery(
                    inlineQueryID: query.id,
                    results: [InlineQueryResultArticle(id: "budget", title: text, messageText: text, parseMode: nil)],
                    cacheTime: seconds, isPersonal: true)
                return Answer(command: "inline", methods: [.answerInlineQuery(notice)])
            }
            let answer = await charging(query.from.id) { await inline.answer(query, in: language) }
            return Answer(command: "inline", methods: [.answerInlineQuery(answer)])
        }
        return Answer(command: nil, methods: [])
    }

    private func answer(_ message: Message, _ announce: Announcer?) async -> Answer {
        guard let text = message.text else { return Answer(command: nil, methods: []) }
        let thread = message.isTopicMessage == true ? message.messageThreadID : nil
        guard let command = ParsedCommand.parse(text, entities: message.entities) else {
            guard message.chat.isPrivate else { return Answer(command: nil, methods: []) }
            let language = await settings(of: message.chat, sender: message.from).language
            return Answer(
                command: nil, methods: send(Reply(html: language.phrases.hint), to: message.chat.id, thread: thread))
        }
        let name = name(of: command)
        guard let ran = await run(command, chat: message.chat, sender: message.from, thread: thread, announce: announce)
        else { return Answer(command: name, methods: []) }
        return Answer(
            command: name,
            methods: send(withButtons(ran.reply, for: command, in: ran.language), to: message.chat.id, thread: thread))
    }

    /// The short notice for a chat whose update was dropped because the chat holds its
    /// share of the queue, in the chat's language; nil for updates with nowhere to say it.
    public func queueFullNotice(for update: Update) async -> BotMethod? {
        if let message = update.message ?? update.channelPost {
            let language = await settings(of: message.chat, sender: message.from).language
            let thread = message.isTopicMessage == true ? message.messageThreadID : nil
            return send(Reply(html: language.phrases.chatQueueFull), to: message.chat.id, thread: thread).first
        }
        if let callback = update.callbackQuery {
            let language = await settings(of: callback.message?.chat, sender: callback.from).language
            return .answerCallbackQuery(
                AnswerCallbackQuery(callbackQueryID: callback.id, text: language.phrases.chatQueueFull))
        }
        return nil
    }

    /// A refreshable command's reply with its "↻ refresh" button (when the reply has no
    /// buttons of its own and the command fits in a button's 64 bytes), and "📊 chart" when
    /// its descriptor `offersChart` and a command here `drawsCharts`.
    private func withButtons(_ reply: Reply, for command: ParsedCommand, in language: Language) -> Reply {
        guard reply.keyboard == nil, let descriptor = handlers[command.name]?.descriptor, descriptor.isRefreshable
        else { return reply }
        let text = (["/" + command.name] + command.arguments).joined(separator: " ")
        guard let data = ButtonData.refresh(text).encoded else { return reply }
        var buttons = [InlineKeyboardButton(text: language.phrases.refreshButton, callbackData: data)]
        if descriptor.offersChart, let chart = chartCommand,
            let data = ButtonData.run(
                (["/" + chart] + command.arguments.filter { $0.lowercased() != "all" }).joined(separator: " ")
            ).encoded
        {
            buttons.append(InlineKeyboardButton(text: language.phrases.chartButton, callbackData: data))
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
        let thread = message.isTopicMessage == true ? message.messageThreadID : nil
        guard let button = ButtonData(data), let command = ParsedCommand.parse(button.text) else {
            let language = await settings(of: message.chat, sender: callback.from).language
            return Answer(command: nil, methods: [acknowledge(language.phrases.staleButton)])
        }
        switch button {
        case .act:
            guard let ran = await run(command, chat: message.chat, sender: callback.from, thread: thread) else {
                return Answer(command: nil, methods: [acknowledge()])
            }
            // A toast holds 200 characters.
            let toast = ran.reply.notice ?? HTML.plainText(ran.reply.html)
            return Answer(command: name(of: command), methods: [acknowledge(String(toast.prefix(200)))])
        case .run:
            var methods = [acknowledge()]
            if let ran = await run(
                command, chat: message.chat, sender: callback.from, thread: thread, announce: announce)
            {
                methods += send(
                    withButtons(ran.reply, for: command, in: ran.language), to: message.chat.id, thread: thread)
            }
            return Answer(command: name(of: command), methods: methods)
        case .refresh:
            guard refreshes.allow(chatID: message.chat.id, messageID: message.messageID, now: clock.wallMilliseconds)
            else {
                let language = await settings(of: message.chat, sender: callback.from).language
                return Answer(command: nil, methods: [acknowledge(language.phrases.refreshTooSoon)])
            }
            fallthrough
        case .edit:
            guard let ran = await run(command, chat: message.chat, sender: callback.from, thread: thread) else {
                return Answer(command: nil, methods: [acknowledge()])
            }
            return Answer(
                command: name(of: command),
                methods: [
                    acknowledge(ran.reply.notice),
                    edit(message, withButtons(ran.reply, for: command, in: ran.language)),
                ])
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

    /// The chat's `/settings` (the defaults when there is no chat or the store cannot be
    /// read) and the language that answers `sender` there.
    private func settings(of chat: Chat?, sender: User?) async -> (preferences: ChatPreferences, language: Language) {
        var preferences = ChatPreferences()
        if let preferenceStore, let chatID = chat?.id {
            do {
                preferences = try await preferenceStore.preferences(for: chatID)
            } catch {
                // The defaults still answer the command; the setting is back once the store is.
                logger.warning("chat settings unreadable; using defaults", metadata: ["error": "\(error)"])
            }
        }
        return (preferences, .resolved(chosen: preferences.language, languageCode: sender?.languageCode))
    }

    /// Runs a command addressed to this bot: its reply and the language it is in; nil when
    /// the command is not for us.
    func run(
        _ command: ParsedCommand, chat: Chat?, sender: User?, thread: Int64? = nil, announce: Announcer? = nil
    ) async -> (reply: Reply, language: Language)? {
        guard isForThisBot(command) else { return nil }
        let handler = handlers[command.name]
        guard handler != nil || command.mention != nil || chat?.isPrivate ?? true else { return nil }
        let (preferences, language) = await settings(of: chat, sender: sender)
        guard let handler else {
            let shown = HTML.escape(String(command.name.prefix(40)))
            return (Reply(html: language.phrases.unknownCommand.filled(["command": shown])), language)
        }
        if handler.descriptor.isPrivate && !accessPolicy.allows(chat: chat, sender: sender) {
            logger.info("private command refused", metadata: ["command": "\(handler.descriptor.name)"])
            return (Reply(html: language.phrases.privateCommand), language)
        }
        logger.debug("command", metadata: ["command": "\(handler.descriptor.name)"])
        let invocation = CommandInvocation(
            command: command, chat: chat, sender: sender, preferences: preferences, language: language)
        // Commands that read markets draw on the chat's share of exchange requests.
        let payer = costsRequests(handler) && !accessPolicy.allows(chat: chat, sender: sender) ? chat?.id : nil
        if let payer, let seconds = retryAfter(payer) {
            return (Reply(html: language.phrases.chatBudgetSpent.filled(["seconds": "\(seconds)"])), language)
        }
        let reply = await charging(payer) { () async -> Reply in
            guard handler.isSlow, let announce, let chat else { return await handler.run(invocation) }
            let action = BotMethod.sendChatAction(
                SendChatAction(chatID: chat.id, messageThreadID: thread, action: handler.chatAction))
            return await running(handler, invocation, announcing: action, through: announce)
        }
        return (reply, language)
    }

    private func costsRequests(_ handler: any CommandHandler) -> Bool {
        handler.isSlow || handler.descriptor.isRefreshable || handler.descriptor.drawsCharts
    }

    private func retryAfter(_ payer: Int64) -> Int? {
        requestBudget?.retryAfter(payer)
    }

    /// Runs `work`, charging what it sent upstream to `payer` (nobody: not counted).
    private func charging<Value: Sendable>(_ payer: Int64?, _ work: () async -> Value) async -> Value {
        guard let payer, let requestBudget else { return await work() }
        let tally = RequestTally()
        let value = await RequestTally.$current.withValue(tally) { await work() }
        requestBudget.charge(payer, requests: tally.requests)
        return value
    }

    /// How long a slow command may take before "typing…" is shown: a reply that is ready
    /// sooner (most are, from the cache) needs no announcement, and one would only cost a
    /// Bot API call against the chat's rate.
    static let typingDelay: Duration = .seconds(1)

    /// Runs `handler`, announcing `action` if it has not answered within `typingDelay`.
    private func running(
        _ handler: any CommandHandler, _ invocation: CommandInvocation, announcing action: BotMethod,
        through announce: @escaping Announcer
    ) async -> Reply {
        await withTaskGroup(of: Reply?.self) { group in
            group.addTask { [clock] in
                guard (try? await clock.sleep(for: Self.typingDelay)) != nil, !Task.isCancelled else { return nil }
                await announce(action)
                return nil
            }
            group.addTask { await handler.run(invocation) }
            var reply = Reply(html: "")
            while let result = await group.next() {
                guard let result else { continue }
                reply = result
                group.cancelAll()  // the announcement, when it has not gone yet
            }
            return reply
        }
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
