import AssistantTesting
import MarketEngine
import Synchronization
import TelegramBotAPI
import Testing

@testable import AssistantCore

/// Buttons under replies: "↻ refresh" edits its message in place (at most once per message
/// per interval), the delete buttons under `/alerts`, and old buttons that no longer parse.
@Suite struct ButtonTests {
    static let chat = Chat(id: 5, type: "private")

    static func dispatcher(_ stores: Stores = MemoryStores().stores, clock: TestClock) -> Dispatcher {
        let engine = InMemoryCommandTests.engine()
        return Dispatcher(
            handlers: CommandCatalog.handlers(
                extra: CommandCatalog.marketHandlers(engine: engine) + [
                    ChartCommand(engine: engine, canDeliver: true, drawer: nil)
                ]
                    + CommandCatalog.alertHandlers(
                        engine: engine, options: .init(store: stores.alerts, limit: 50, canDeliver: true))),
            botUsername: nil, preferences: stores.preferences, refreshes: RefreshLimiter(intervalMilliseconds: 5_000),
            clock: clock.appClock)
    }

    static func message(_ text: String, id: Int64 = 1) -> Update {
        Update(updateID: id, message: Message(messageID: id, from: User(id: 5), date: 0, chat: chat, text: text))
    }

    static func press(_ data: String, on messageID: Int64 = 40, id: Int64 = 9) -> Update {
        Update(
            updateID: id,
            callbackQuery: CallbackQuery(
                id: "q\(id)", from: User(id: 5),
                message: Message(messageID: messageID, date: 0, chat: chat, text: "old"), data: data))
    }

    @Test func marketRepliesCarryARefreshButtonThatEditsTheMessageInPlace() async throws {
        let clock = TestClock()
        let dispatcher = Self.dispatcher(clock: clock)
        let methods = await dispatcher.replies(to: Self.message("/price btc"))
        guard case .sendMessage(let sent) = try #require(methods.last) else {
            Issue.record("\(methods)")
            return
        }
        let data = try #require(sent.replyMarkup?.inlineKeyboard.first?.first?.callbackData)
        #expect(data == "r:/price btc" && data.utf8.count <= 64)
        #expect(sent.replyMarkup?.inlineKeyboard.first?.last?.callbackData == "c:/chart btc", "the chart button")
        // A market reply without a chart has the refresh button alone.
        guard
            case .sendMessage(let top) = try #require(await dispatcher.replies(to: Self.message("/top10", id: 2)).last)
        else { return }
        #expect(top.replyMarkup?.inlineKeyboard.first?.map(\.callbackData) == ["r:/top10"])

        let pressed = await dispatcher.replies(to: Self.press(data))
        #expect(pressed.count == 2)
        guard case .answerCallbackQuery(let answer) = pressed[0], case .editMessageText(let edit) = pressed[1] else {
            Issue.record("\(pressed)")
            return
        }
        #expect(answer.callbackQueryID == "q9" && answer.text == nil)
        #expect(edit.chatID == 5 && edit.messageID == 40)
        #expect(edit.text.hasPrefix("<b>BTC/USDT</b> · Binance"), "\(edit.text)")
        #expect(edit.replyMarkup?.inlineKeyboard.first?.first?.callbackData == data, "the button stays")

        // Pressed again at once: a notice, no exchange read, no edit.
        let tooSoon = await dispatcher.replies(to: Self.press(data, id: 10))
        #expect(
            tooSoon == [
                .answerCallbackQuery(
                    AnswerCallbackQuery(callbackQueryID: "q10", text: Language.english.phrases.refreshTooSoon))
            ])
        // Another message is not held back by this one, and this one is free again later.
        #expect(await dispatcher.replies(to: Self.press(data, on: 41, id: 11)).count == 2)
        clock.advance(by: .milliseconds(5_000))
        #expect(await dispatcher.replies(to: Self.press(data, id: 12)).count == 2)
    }

    @Test func repliesWithoutMarketDataAndCommandsTooLongForAButtonHaveNone() async throws {
        let dispatcher = Self.dispatcher(clock: TestClock())
        for text in ["/help", "/price btc " + String(repeating: "x", count: 60)] {
            let methods = await dispatcher.replies(to: Self.message(text))
            guard case .sendMessage(let sent) = try #require(methods.last) else { continue }
            #expect(sent.replyMarkup == nil, "\(text)")
        }
    }

    @Test func anOldButtonGetsAShortNoticeAndNothingElse() async {
        let dispatcher = Self.dispatcher(clock: TestClock())
        // Data without a prefix (the command itself, as the first buttons carried) is not run:
        // a press runs only what a button of ours says. Nor is data over Telegram's 64 bytes.
        let forged = "c:/price btc " + String(repeating: "x", count: 60)
        for data in ["zz:whatever", "x:notanumber", "r:", "", "/price btc", "price btc", forged] {
            let methods = await dispatcher.replies(to: Self.press(data))
            #expect(
                methods == [
                    .answerCallbackQuery(
                        AnswerCallbackQuery(callbackQueryID: "q9", text: Language.english.phrases.staleButton))
                ],
                "\(data): \(methods)")
        }
        let current = await dispatcher.replies(to: Self.press("c:/price btc"))
        #expect(current.count == 2)
        if case .sendMessage(let sent) = current.last { #expect(sent.text.hasPrefix("<b>BTC/USDT</b>")) }
    }

    @Test func theButtonsUnderAlertsDeleteOneAndShowTheListAgain() async throws {
        let stores = MemoryStores().stores
        let dispatcher = Self.dispatcher(stores, clock: TestClock())
        for level in [100_000, 120_000] {
            _ = await dispatcher.replies(to: Self.message("/alert BTC above \(level)"))
        }
        let ids = try await stores.alerts.allRecords().map(\.id)
        #expect(ids.count == 2)
        let listed = await dispatcher.replies(to: Self.message("/alerts"))
        guard case .sendMessage(let list) = try #require(listed.last) else { return }
        let buttons = try #require(list.replyMarkup?.inlineKeyboard.flatMap { $0 })
        #expect(buttons.map(\.callbackData) == ids.map { "e:/alerts delete \($0)" })

        let pressed = await dispatcher.replies(to: Self.press(try #require(buttons.first?.callbackData)))
        guard case .answerCallbackQuery(let answer) = pressed.first, case .editMessageText(let edit) = pressed.last
        else {
            Issue.record("\(pressed)")
            return
        }
        #expect(answer.text == "Alert #\(ids[0]) deleted.")
        #expect(edit.text.contains("(1)") && edit.text.contains("#\(ids[1])") && !edit.text.contains("#\(ids[0]) "))
        #expect(edit.replyMarkup?.inlineKeyboard.flatMap { $0 }.map(\.callbackData) == ["e:/alerts delete \(ids[1])"])
        #expect(try await stores.alerts.allRecords().map(\.id) == [ids[1]])

        // A ✖ button sent before `e:` (`x:ID`) still deletes; pressed twice, it says so.
        for _ in 0..<2 {
            let old = await dispatcher.replies(to: Self.press("x:\(ids[1])", id: 11))
            guard case .answerCallbackQuery(let answer) = old.first, case .editMessageText(let edit) = old.last else {
                Issue.record("\(old)")
                return
            }
            #expect(
                ["Alert #\(ids[1]) deleted.", "No alert #\(ids[1]) in this chat (see /alerts)."].contains(answer.text))
            #expect(edit.text.hasPrefix("No alerts in this chat"))
        }
        #expect(try await stores.alerts.allRecords().isEmpty)
    }
}
