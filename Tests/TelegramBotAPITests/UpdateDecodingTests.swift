import Foundation
import Testing

@testable import TelegramBotAPI

/// Bodies shaped like the real ones Telegram sends (written for this project, following the
/// Bot API docs and captured payloads): optional fields missing, unknown fields present.
@Suite struct UpdateDecodingTests {
    func decode(_ json: String) throws -> Update {
        try JSONDecoder().decode(Update.self, from: Data(json.utf8))
    }

    @Test func privateStartWithoutIsBotOrEntities() throws {
        let update = try decode(
            #"{"update_id":10000,"message":{"date":1441645532,"chat":{"last_name":"L","id":1111111,"type":"private","first_name":"F","username":"u"},"message_id":1365,"from":{"last_name":"L","id":1111111,"first_name":"F","username":"u"},"text":"/start"}}"#
        )
        #expect(update.updateID == 10000)
        #expect(update.message?.text == "/start")
        #expect(update.message?.from?.isBot == nil)
        #expect(update.kind == "message")
        #expect(update.chatID == 1_111_111)
    }

    /// The sample of Telegram's webhook guide ("Testing your bot with updates"), as printed
    /// there: its chat has no `type` and its sender no `is_bot`. Telegram retries a body it
    /// sent until it is accepted, so refusing it is never right.
    static let webhookGuideSample = """
        {"update_id":10000,
        "message":{
          "date":1441645532,
          "chat":{
             "last_name":"Test Lastname",
             "id":1111111,
             "first_name":"Test",
             "username":"Test"
          },
          "message_id":1365,
          "from":{
             "last_name":"Test Lastname",
             "id":1111111,
             "first_name":"Test",
             "username":"Test"
          },
          "text":"/start"
        }
        }
        """

    @Test func webhookGuideSampleWithoutChatType() throws {
        for update in [try decode(Self.webhookGuideSample), try Update(json: Array(Self.webhookGuideSample.utf8))] {
            #expect(update.updateID == 10000)
            #expect(update.message?.chat.type == "private", "a positive id is a user's private chat")
            #expect(update.message?.chat.isPrivate == true)
            #expect(update.message?.from?.isBot == nil)
            #expect(update.message?.text == "/start")
        }
        let group = try Update(
            json: Array(#"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":-100},"text":"/help"}}"#.utf8))
        #expect(group.message?.chat.type == "group", "a negative id is a group's or channel's")
        #expect(group.message?.chat.isPrivate == false)
    }

    @Test func channelPostWithoutFrom() throws {
        let update = try decode(
            #"{"update_id":900000013,"channel_post":{"message_id":812,"sender_chat":{"id":-1009876543210,"title":"Signals","type":"channel"},"chat":{"id":-1009876543210,"title":"Signals","type":"channel"},"date":1735689900,"author_signature":"Desk","text":"/top10","entities":[{"offset":0,"length":6,"type":"bot_command"}]}}"#
        )
        #expect(update.channelPost?.from == nil)
        #expect(update.channelPost?.chat.id == -1_009_876_543_210)
        #expect(update.kind == "channel_post")
    }

    @Test func inlineCallbackWithoutMessageAndStrayField() throws {
        let update = try decode(
            #"{"update_id":10000,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"last_name":"L","type":"private","id":1111111,"first_name":"F","username":"u"},"data":"Data from button callback","inline_message_id":"1234csdbsk4839"}}"#
        )
        let callback = try #require(update.callbackQuery)
        #expect(callback.message == nil)
        #expect(callback.chatInstance == nil)
        #expect(callback.inlineMessageID == "1234csdbsk4839")
        #expect(update.chatID == 1_111_111)  // falls back to the sender
    }

    @Test func identifiersSentAsNumbersAreReadAsTheirDigits() throws {
        // Telegram's webhook guide sends `inline_query.id` as a number; the Bot API says string.
        let json =
            #"{"update_id":10000,"inline_query":{"id":134567890097,"from":{"id":1111111,"first_name":"F"},"query":"btc","offset":""}}"#
        for update in [try decode(json), try Update(json: Array(json.utf8))] {
            #expect(update.inlineQuery?.id == "134567890097")
        }
        let press =
            #"{"update_id":2,"callback_query":{"id":77,"from":{"id":5,"first_name":"F"},"data":"r:/price BTC"}}"#
        #expect(
            try decode(press).callbackQuery?.id == "77" && Update(json: Array(press.utf8)).callbackQuery?.id == "77")
        let unreadable = Array(#"{"update_id":3,"inline_query":{"id":[1],"from":{"id":5}}}"#.utf8)
        #expect(throws: (any Error).self) { try Update(json: unreadable) }
        #expect(
            try unreadable.withUnsafeBytes { try Update.updateID(json: $0) } == 3,
            "still an update: skipped, not refused")
        #expect(throws: (any Error).self) {
            try Array(#"{"update_id":"3"}"#.utf8).withUnsafeBytes { try Update.updateID(json: $0) }
        }
    }

    @Test func emojiCJKNamesAndIDAbove32Bits() throws {
        let update = try decode(
            #"{"update_id":900000014,"message":{"message_id":77,"from":{"id":5432109876,"is_bot":false,"first_name":"🚀 Лена","last_name":"中本 🐋 عمر","language_code":"ru","is_premium":true},"chat":{"id":5432109876,"first_name":"🚀 Лена","type":"private"},"date":1735690000,"text":"💰 /volume ETH","entities":[{"offset":3,"length":7,"type":"bot_command"}]}}"#
        )
        #expect(update.message?.from?.id == 5_432_109_876)
        #expect(update.message?.from?.firstName == "🚀 Лена")
        #expect(update.message?.from?.lastName == "中本 🐋 عمر")
        #expect(update.message?.entities?.first?.offset == 3)
    }

    @Test func unhandledKindDecodesWithItsName() throws {
        let update = try decode(
            #"{"update_id":71651249,"message_reaction":{"chat":{"id":-1002184233434,"title":"Test","type":"supergroup"},"message_id":35,"date":1721306082,"old_reaction":[],"new_reaction":[{"type":"emoji","emoji":"🌭"}]}}"#
        )
        #expect(update.kind == "message_reaction")
        #expect(update.message == nil && update.callbackQuery == nil)
    }

    @Test func unknownFieldsAnywhereAreIgnored() throws {
        let update = try decode(
            #"{"message":{"message_id":5,"message_thread_id":3,"is_topic_message":true,"date":1,"chat":{"id":-100,"type":"supergroup","is_forum":true},"text":"/report","reply_to_message":{"story":{"chat":{"id":1,"type":"private"},"id":9}}},"update_id":42}"#
        )
        #expect(update.updateID == 42)
        #expect(update.message?.messageThreadID == 3)
    }

    @Test(arguments: [
        #"{"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}}}"#,  // no update_id
        #"{"update_id":"12","message":null}"#,  // wrong type
        #"{"update_id":1,"message":{"message_id":1,"date":0}}"#,  // message without chat
        #"[1,2,3]"#,
        #"{"update_id":1e400}"#,
    ])
    func malformedUpdatesThrow(json: String) {
        #expect(throws: (any Error).self) { try decode(json) }
    }

    @Test func polledBatchKeepsIDsOfUndecodableItems() throws {
        let json =
            #"[{"update_id":7,"message":{"message_id":1}},{"update_id":8,"message":{"message_id":2,"date":0,"chat":{"id":3,"type":"private"},"text":"hi"}}]"#
        let batch = try JSONDecoder().decode([PolledUpdate].self, from: Data(json.utf8))
        #expect(batch.map(\.updateID) == [7, 8])
        #expect(batch[0].update == nil)
        #expect(batch[1].update?.message?.text == "hi")
    }
}
