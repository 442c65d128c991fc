import AssistantTesting
import Foundation
import MarketEngine
import TelegramBotAPI
import Testing

@testable import AssistantCore

/// `/watch` through the dispatcher against fixed market data: adding, the limit, removing,
/// unknown symbols; `/price` without a symbol, an empty inline query, and the snooze button
/// under a repeating alert's message.
@Suite struct WatchlistTests {
    static let time: Int64 = 1_780_000_000_000
    /// Thirty coins besides BTC, ETH and SOL: enough to fill a watchlist and try a 31st.
    static let fillers = (1...30).map { $0 < 10 ? "C0\($0)" : "C\($0)" }
    static let privateChat = Chat(id: 5, type: "private")
    static var say: Phrasebook { Language.english.phrases }

    struct Bot {
        var stores: Stores
        var dispatcher: Dispatcher
    }

    /// Every command over Binance's fixed BTC, ETH, SOL and the fillers (by volume in that
    /// order), the stores in memory, inline cards over the asker's watchlist; the engine's
    /// clock stands at `time`.
    static func bot() -> Bot {
        var binance = FixedMarketAdapter(exchange: .binance)
        binance.list("BTC", spot: 97_000, mark: 97_097, time: time)
        binance.list("ETH", spot: 3_500, mark: 3_501, quoteVolume: 500_000_000, time: time)
        binance.list("SOL", spot: 150, mark: 150.2, quoteVolume: 100_000_000, time: time)
        for (index, base) in fillers.enumerated() {
            let price = Double(index + 1)
            binance.list(base, spot: price, mark: price, quoteVolume: 1_000_000, time: time)
        }
        let clock = TestClock(epochMilliseconds: time).appClock
        let engine = MarketEngine.fixed([binance], clock: clock)
        let stores = MemoryStores().stores
        let accounts = AccountService(engine: engine, credentials: [:])
        let dispatcher = Dispatcher(
            handlers: CommandCatalog.handlers(
                engine: engine, accounts: accounts, preferences: stores.preferences, snapshots: nil,
                alerts: .init(store: stores.alerts, limit: 50, canDeliver: true, stores: stores)),
            botUsername: nil, preferences: stores.preferences, clock: clock,
            inline: InlinePriceCards(engine: engine, watchlist: Watchlist(store: stores.watchlists)))
        return Bot(stores: stores, dispatcher: dispatcher)
    }

    /// The text of the messages that answer `text` sent by `user` in `chat`.
    static func ask(
        _ bot: Bot, _ text: String, in chat: Chat = WatchlistTests.privateChat, from user: Int64 = 5
    ) async -> String {
        let update = Update(
            updateID: 1, message: Message(messageID: 1, from: User(id: user), date: 0, chat: chat, text: text))
        return await bot.dispatcher.replies(to: update).compactMap { method -> String? in
            if case .sendMessage(let message) = method { message.text } else { nil }
        }.joined(separator: "\n")
    }

    static func watched(_ bot: Bot, chat: Int64 = 5) async throws -> [String] {
        try await Watchlist(store: bot.stores.watchlists).bases(of: chat)
    }

    /// The coins of the table in a reply, in its order: the first cell of each line of its `<pre>`.
    static func tableBases(_ reply: String) -> [String] {
        guard let start = reply.range(of: "<pre>"),
            let end = reply.range(of: "</pre>", range: start.upperBound..<reply.endIndex)
        else { return [] }
        return reply[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
    }

    /// A phrase's words before its first placeholder (`Added: `).
    static func opening(_ phrase: String) -> String {
        String(phrase.prefix { $0 != "{" })
    }

    // MARK: - /watch

    @Test func watchAddsCoinsOnceAndShowsThemAsOneTable() async throws {
        let bot = Self.bot()
        let reply = await Self.ask(bot, "/watch BTC eth")
        #expect(try await Self.watched(bot) == ["BTC", "ETH"])
        #expect(reply.contains(Self.say.keeping.watchAdded.filled(["symbols": "BTC, ETH"])), "\(reply)")
        #expect(Self.tableBases(reply) == ["BTC", "ETH"], "\(reply)")
        #expect(reply.contains(NumberFormat.price(97_000)) && reply.contains(NumberFormat.price(3_500)), "\(reply)")

        let again = await Self.ask(bot, "/watch ETH btcusdt")
        #expect(try await Self.watched(bot) == ["BTC", "ETH"], "nothing is added twice")
        #expect(!again.contains(Self.opening(Self.say.keeping.watchAdded)), "\(again)")
        #expect(Self.tableBases(again) == ["BTC", "ETH"], "in the order they were added")
        let shown = await Self.ask(bot, "/watch")
        #expect(Self.tableBases(shown) == ["BTC", "ETH"], "/watch alone shows it: \(shown)")
    }

    @Test func aWatchlistHoldsThirtyCoinsAndTheThirtyFirstIsRefusedWithTheLimit() async throws {
        #expect(Watchlist.limit == 30)
        let bot = Self.bot()
        let filled = await Self.ask(bot, "/watch " + Self.fillers.joined(separator: " "))
        #expect(try await Self.watched(bot) == Self.fillers)
        #expect(Self.tableBases(filled) == Self.fillers, "\(filled)")

        let refused = await Self.ask(bot, "/watch BTC")
        #expect(try await Self.watched(bot) == Self.fillers, "the 31st is not added")
        let sentence = Self.say.keeping.watchRefused.filled(["symbols": "BTC", "limit": "\(Watchlist.limit)"])
        #expect(sentence.contains("30"), "\(sentence)")
        #expect(refused.contains(sentence), "\(refused)")
        #expect(!refused.contains(Self.opening(Self.say.keeping.watchAdded)), "\(refused)")

        // Room again after a removal.
        _ = await Self.ask(bot, "/watch remove C01")
        _ = await Self.ask(bot, "/watch BTC")
        #expect(try await Self.watched(bot) == Array(Self.fillers.dropFirst()) + ["BTC"])
    }

    @Test func watchRemoveTakesCoinsOut() async throws {
        let bot = Self.bot()
        _ = await Self.ask(bot, "/watch BTC ETH SOL")
        let reply = await Self.ask(bot, "/watch remove ETH")
        #expect(try await Self.watched(bot) == ["BTC", "SOL"])
        #expect(reply.contains(Self.say.keeping.watchRemoved.filled(["symbols": "ETH"])), "\(reply)")
        #expect(Self.tableBases(reply) == ["BTC", "SOL"], "\(reply)")
        // Not watched any more (written as a pair): said, nothing else changes.
        let again = await Self.ask(bot, "/watch remove ethusdt")
        #expect(again.contains(Self.say.keeping.watchNotWatched.filled(["symbols": "ETH"])), "\(again)")
        #expect(try await Self.watched(bot) == ["BTC", "SOL"])
    }

    @Test func anUnknownSymbolIsSaidAndNotKept() async throws {
        let bot = Self.bot()
        let reply = await Self.ask(bot, "/watch NOSUCHCOIN SOL")
        #expect(try await Self.watched(bot) == ["SOL"])
        let unknown = Self.say.keeping.watchUnknown.filled([
            "symbols": "NOSUCHCOIN", "exchange": Exchange.binance.displayName,
        ])
        #expect(reply.contains(unknown), "\(reply)")
        #expect(Self.tableBases(reply) == ["SOL"], "\(reply)")
    }

    // MARK: - /price, inline

    @Test func priceWithoutASymbolShowsTheWatchlist() async throws {
        let bot = Self.bot()
        let before = await Self.ask(bot, "/price")
        #expect(before.hasPrefix("<b>BTC/USDT</b> · Binance"), "an empty watchlist: BTC, as before: \(before)")

        _ = await Self.ask(bot, "/watch SOL ETH")
        let table = await Self.ask(bot, "/price")
        #expect(Self.tableBases(table) == ["SOL", "ETH"], "\(table)")
        #expect(!table.contains("<b>BTC/USDT</b>"), "\(table)")
        let title = Self.say.keeping.watchTitle.filled([
            "exchange": "Binance", "count": "2", "limit": "\(Watchlist.limit)",
        ])
        #expect(table.contains(title), "\(table)")
        // A symbol still asks for that symbol; another chat's watchlist is its own.
        #expect(await Self.ask(bot, "/price eth").hasPrefix("<b>ETH/USDT</b> · Binance"))
        let other = await Self.ask(bot, "/price", in: Chat(id: 6, type: "private"), from: 6)
        #expect(other.hasPrefix("<b>BTC/USDT</b> · Binance"), "\(other)")
    }

    static func inline(_ bot: Bot, _ text: String, from user: Int64) async throws -> AnswerInlineQuery {
        let query = InlineQuery(id: "q\(user)", from: User(id: user), query: text)
        let methods = await bot.dispatcher.replies(to: Update(updateID: 1, inlineQuery: query))
        guard case .answerInlineQuery(let answer) = try #require(methods.first), methods.count == 1 else {
            Issue.record("not one inline answer: \(methods)")
            return AnswerInlineQuery(inlineQueryID: "", results: [])
        }
        return answer
    }

    @Test func anEmptyInlineQueryOffersTheAskersOwnWatchlistAsPersonal() async throws {
        let bot = Self.bot()
        // User 5's private chat (its id is theirs) watches SOL and ETH; user 7 watches only in a group.
        _ = await Self.ask(bot, "/watch SOL ETH")
        _ = await Self.ask(bot, "/watch C01", in: Chat(id: -1_007, type: "group"), from: 7)
        #expect(try await Self.watched(bot, chat: -1_007) == ["C01"])

        let own = try await Self.inline(bot, "", from: 5)
        #expect(own.isPersonal == true)
        #expect(own.results.map(\.id) == ["price:SOL/USDT", "price:ETH/USDT"], "in the watchlist's order")
        #expect(own.results.first?.messageText.contains(NumberFormat.price(150)) == true)
        #expect(try await Self.inline(bot, "  ", from: 5).isPersonal == true, "blank is empty")

        // Nothing of their own: the largest by volume, for everyone alike.
        let other = try await Self.inline(bot, "", from: 7)
        #expect(other.isPersonal == nil)
        #expect(other.results.count == InlinePriceCards.maximumResults)
        #expect(other.results.prefix(3).map(\.id) == ["price:BTC/USDT", "price:ETH/USDT", "price:SOL/USDT"])
        // A query is a search, also for someone with a watchlist.
        let search = try await Self.inline(bot, "btc", from: 5)
        #expect(search.isPersonal == nil)
        #expect(search.results.map(\.id) == ["price:BTC/USDT"])
    }

    // MARK: - The snooze button

    static func press(_ data: String, id: Int64 = 9) -> Update {
        Update(
            updateID: id,
            callbackQuery: CallbackQuery(
                id: "q\(id)", from: User(id: 5),
                message: Message(messageID: 40, date: 0, chat: privateChat, text: "🔔 BTC"), data: data))
    }

    @Test func theSnoozeButtonAnswersWithAToastAndEditsNothing() async throws {
        let bot = Self.bot()
        let made = Alert(
            chatID: 5, base: "BTC", exchange: .binance, condition: .price(.above, level: 100_000), createdAt: Self.time,
            valueAtCreation: 97_000, createdBy: 5, repeatSeconds: 3600)
        let added = try await bot.stores.alerts.add(chatID: 5, payload: made.payload, limit: 50)
        let id = try #require(added).id
        // The buttons under its message when it fires.
        let fired = FiredAlert(
            alertID: id, base: "BTC", exchange: .binance, condition: made.condition, value: 100_100,
            firedAt: Self.time, repeatSeconds: 3600)
        let keyboard = AlertRenderer.fired(fired).keyboard?.inlineKeyboard ?? []
        let buttons = keyboard.flatMap { $0 }.compactMap(\.callbackData)
        let data = "a:/alert snooze \(id) 1h"
        #expect(buttons.contains(data), "\(buttons)")

        let pressed = await bot.dispatcher.replies(to: Self.press(data))
        #expect(pressed.count == 1, "a toast only, no edit, no message: \(pressed)")
        guard case .answerCallbackQuery(let answer) = try #require(pressed.first) else {
            Issue.record("\(pressed)")
            return
        }
        #expect(answer.callbackQueryID == "q9")
        let toast = try #require(answer.text)
        #expect(!toast.isEmpty && toast.contains("#\(id)"), "\(toast)")

        let records = try await bot.stores.alerts.records(chatID: 5)
        let snoozed = try #require(records.first { $0.id == id }.flatMap(Alert.init(record:)))
        #expect(snoozed.snoozedUntil == Self.time + 3_600_000, "an hour from the engine's clock")
        #expect(!snoozed.mayFire(at: Self.time + 3_599_999) && snoozed.mayFire(at: Self.time + 3_600_000))
        #expect(snoozed.repeatSeconds == 3600 && snoozed.condition == made.condition, "the rest as it was")

        // A button of an alert deleted meanwhile: said in the toast, still no edit.
        let gone = await bot.dispatcher.replies(to: Self.press("a:/alert snooze \(id + 100) 1h", id: 10))
        #expect(gone.count == 1, "\(gone)")
        guard case .answerCallbackQuery(let notFound) = try #require(gone.first) else {
            Issue.record("\(gone)")
            return
        }
        #expect(notFound.text?.contains("#\(id + 100)") == true, "\(notFound)")
    }
}
