import AssistantCore
import AssistantTesting
import AsyncHTTPClient
import Foundation
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// Inline mode end to end: an `inline_query` update posted to the webhook is answered with
/// `answerInlineQuery`, which the simulated Bot API checks as Telegram does.
@Suite struct InlineModeTests {
    static func inlineQuery(id: Int64, query: String) -> String {
        #"{"update_id":\#(id),"inline_query":{"id":"iq\#(id)","from":{"id":7,"is_bot":false,"first_name":"A"},"query":"\#(query)","offset":""}}"#
    }

    @Test func anInlineQueryGetsPriceCardsTheBotAPIAccepts() async throws {
        let folder = try TemporaryFolder()
        try await withSimulator { (simulator) async throws in
            var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
            settings.inlineReplyBudgetMilliseconds = 0
            try await withServer(settings) { (server, client) async throws in
                for (id, query) in [(Int64(1), "bt"), (2, ""), (3, "zzzz")] {
                    let answer = try await client.postUpdate(Self.inlineQuery(id: id, query: query), to: server)
                    #expect(answer.status == 200)
                }
                let calls = await simulator.telegram.waitForCalls(3, method: "answerInlineQuery")
                #expect(calls.count == 3, "every answer accepted: \(calls.map(\.status))")
                let answers = try calls.map { call in
                    try JSONDecoder().decode(AnswerInlineQuery.self, from: Data(call.parameters.utf8))
                }
                let bt = try #require(answers.first { $0.inlineQueryID == "iq1" })
                #expect(bt.results.first?.title.hasPrefix("BTC/USDT") == true, "\(bt.results.map(\.title))")
                #expect(bt.results.count <= 5 && Set(bt.results.map(\.id)).count == bt.results.count)
                #expect(bt.results.first?.messageText.contains("Binance") == true)
                #expect(bt.cacheTime == 2, "the ticker's time in the cache")
                #expect(answers.first { $0.inlineQueryID == "iq2" }?.results.count == 5, "top five by volume")
                #expect(answers.first { $0.inlineQueryID == "iq3" }?.results.isEmpty == true)
            }
        }
    }

    @Test func theUpdateAndTheAnswerRoundTripThroughBothCodecs() throws {
        let update = try Update(json: Array(Self.inlineQuery(id: 9, query: "eth").utf8))
        #expect(update.kind == "inline_query" && update.inlineQuery?.query == "eth" && update.chatID == 7)
        #expect(try JSONDecoder().decode(Update.self, from: Data(Self.inlineQuery(id: 9, query: "eth").utf8)) == update)
        let answer = AnswerInlineQuery(
            inlineQueryID: "q",
            results: [InlineQueryResultArticle(id: "a", title: "T", description: "d", messageText: "<b>x</b>")],
            cacheTime: 2)
        let written = BotMethod.answerInlineQuery(answer).parametersJSON()
        #expect(try JSONDecoder().decode(AnswerInlineQuery.self, from: Data(written)) == answer)
    }

    @Test func theSimulatedBotAPIRefusesWhatTelegramRefuses() async throws {
        try await withSimulator { (simulator) async throws in
            let client = BotAPIClient(httpClient: .shared, baseURL: simulator.url, token: testToken)
            let card = InlineQueryResultArticle(id: "same", title: "T", messageText: "x")
            for (results, problem) in [
                ([card, card], "RESULT_ID_DUPLICATE"),
                (Array(repeating: card, count: 51), "RESULTS_TOO_MUCH"),
                (
                    [InlineQueryResultArticle(id: String(repeating: "i", count: 65), title: "T", messageText: "x")],
                    "RESULT_ID_INVALID"
                ),
                ([InlineQueryResultArticle(id: "a", title: "T", messageText: "<b>open")], "can't parse entities"),
            ] {
                await #expect(throws: BotAPIError.self, "\(problem)") {
                    try await client.perform(
                        .answerInlineQuery(AnswerInlineQuery(inlineQueryID: "q", results: results)))
                }
                let last = await simulator.telegram.recorded(method: "answerInlineQuery").last
                #expect(last?.status == 400)
            }
        }
    }
}
