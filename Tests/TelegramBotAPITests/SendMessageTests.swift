import Foundation
import Testing

@testable import TelegramBotAPI

@Suite struct SendMessageTests {
    /// What goes on the wire is the hand-written JSON (`parametersJSON`, the webhook reply);
    /// `Codable` must agree with it, so both are checked.
    @Test func silentMessageCarriesDisableNotification() throws {
        let silent = SendMessage(chatID: 42, text: "hi", linkPreviewOptions: nil, disableNotification: true)
        let wire = String(decoding: BotMethod.sendMessage(silent).parametersJSON(), as: UTF8.self)
        #expect(wire == #"{"chat_id":42,"text":"hi","parse_mode":"HTML","disable_notification":true}"#)
        let reply = String(decoding: BotMethod.sendMessage(silent).webhookResponseJSON(), as: UTF8.self)
        #expect(reply.contains(#""disable_notification":true"#))
        let codable = String(decoding: try JSONEncoder().encode(silent), as: UTF8.self)
        #expect(codable.contains(#""disable_notification":true"#))
        #expect(try JSONDecoder().decode(SendMessage.self, from: Data(wire.utf8)) == silent)
    }

    @Test func explicitFalseIsSent() {
        let audible = SendMessage(chatID: 42, text: "hi", linkPreviewOptions: nil, disableNotification: false)
        let wire = String(decoding: BotMethod.sendMessage(audible).parametersJSON(), as: UTF8.self)
        #expect(wire.contains(#""disable_notification":false"#))
    }

    @Test func nilLeavesTheMemberOut() throws {
        let plain = SendMessage(chatID: 42, text: "hi")
        #expect(plain.disableNotification == nil)
        let wire = String(decoding: BotMethod.sendMessage(plain).parametersJSON(), as: UTF8.self)
        #expect(!wire.contains("disable_notification"))
        let reply = String(decoding: BotMethod.sendMessage(plain).webhookResponseJSON(), as: UTF8.self)
        #expect(!reply.contains("disable_notification"))
        let codable = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!codable.contains("disable_notification"))
    }
}
