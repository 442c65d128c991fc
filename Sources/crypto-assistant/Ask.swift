import ArgumentParser
import AssistantCore
import AssistantServer
import AsyncHTTPClient
import Logging
import MarketEngine
import TelegramBotAPI

struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one message through the dispatcher in this process and print the reply.")

    @OptionGroup var options: SettingsOptions
    @Argument(help: "The message, e.g. \"/help\".")
    var text: String
    @Flag(help: "Print the Telegram HTML instead of plain text.")
    var html = false
    @Option(help: "The private chat (user id) to ask as; account commands need one listed in ADMIN_CHAT_IDS.")
    var chat: Int64 = 1
    @Option(help: "The Telegram language_code to ask with (en, ru, es, zh, …); the chat's /settings language wins.")
    var language: String?

    func run() async throws {
        try await reportingFailures {
            let settings = try await options.load()
            let http = HTTPClient.makeOutbound()
            let engine = MarketEngine(http: http, settings: settings)
            let accounts = AccountService(engine: engine, credentials: settings.exchangeCredentials)
            // A private chat with a local user: what a person typing to the bot would get.
            let user = User(id: chat, isBot: false, firstName: "cli", languageCode: language)
            let update = Update(
                updateID: 1,
                message: Message(messageID: 1, from: user, date: 0, chat: Chat(id: chat, type: "private"), text: text))
            // The same store as serve (SQLite, or PostgreSQL at DATABASE_URL): `/settings`
            // reads and changes what the bot uses.
            let asked = await Result(catching: { () async throws -> [BotMethod] in
                try await StoreSession.with(settings, logger: Logger(label: "ask")) { stores in
                    let dispatcher = AppComponents.dispatcher(
                        settings: settings, engine: engine, accounts: accounts, stores: stores,
                        snapshots: EquitySnapshotter(store: stores.equity, accounts: accounts),
                        botUsername: settings.botUsername, logger: Logger(label: "ask"))
                    return await dispatcher.replies(to: update)
                }
            })
            try? await http.shutdown()
            let replies = try asked.get()
            if replies.isEmpty { print("(no reply)") }
            for reply in replies {
                guard let body = reply.text else { continue }
                print(html ? body : HTML.plainText(body))
            }
        }
    }
}
