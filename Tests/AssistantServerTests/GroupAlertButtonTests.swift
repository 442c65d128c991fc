import AssistantCore
import AssistantTesting
import Foundation
import MarketSimulator
import Testing

@testable import AssistantServer

/// In a group, ✖ under `/alerts` deletes an alert for the one who set it and for the group's
/// admins (asked with `getChatMember` of the simulated Bot API, answers kept briefly); anyone
/// else gets a short answer and the alert stays.
@Suite struct GroupAlertButtonTests {
    static let group: Int64 = -500

    static func message(_ id: Int64, from user: Int64, _ text: String) -> String {
        #"{"update_id":\#(id),"message":{"message_id":\#(id),"date":1735690000,"chat":{"id":\#(group),"type":"group","title":"Desk"},"from":{"id":\#(user),"first_name":"U\#(user)"},"text":"\#(text)"}}"#
    }

    static func press(_ id: Int64, from user: Int64, _ data: String) -> String {
        #"{"update_id":\#(id),"callback_query":{"id":"cb\#(id)","from":{"id":\#(user),"first_name":"U\#(user)"},"chat_instance":"1","data":"\#(data)","message":{"message_id":900,"date":1735690000,"chat":{"id":\#(group),"type":"group","title":"Desk"},"text":"alerts"}}}"#
    }

    @Test func onlyTheSetterAndTheAdminsDeleteAnAlertInAGroup() async throws {
        try await withWebhookBench { (bench) async throws in
            await bench.telegram.setAdministrators([3], of: Self.group)
            #expect(try await bench.post(Self.message(1, from: 1, "/alert BTC above 900000")) == 200)
            #expect(try await bench.post(Self.message(2, from: 1, "/alert BTC above 950000")) == 200)
            let created = await bench.telegram.waitForCalls(2).compactMap(\.text)
            let ids = created.compactMap { text in
                text.firstMatch(of: /#(\d+)/).map { String($0.1) }
            }
            try #require(ids.count == 2, "\(created)")
            func toast(after count: Int) async -> String {
                let answers = await bench.telegram.waitForCalls(count, method: "answerCallbackQuery")
                return answers.last?.parameters ?? ""
            }
            #expect(try await bench.post(Self.press(3, from: 2, "e:/alerts delete \(ids[0])")) == 200)
            #expect(await toast(after: 1).contains("Only the one who set alert #\(ids[0])"))
            #expect(try await bench.post(Self.press(4, from: 2, "e:/alerts delete \(ids[0])")) == 200)
            #expect(await toast(after: 2).contains("Only the one who set"))
            #expect(
                await bench.telegram.recorded(method: "getChatMember").count == 1,
                "the answer for user 2 was kept: one call")
            #expect(try await bench.post(Self.press(5, from: 3, "e:/alerts delete \(ids[0])")) == 200)
            #expect(await toast(after: 3).contains("Alert #\(ids[0]) deleted"), "an admin may")
            #expect(try await bench.post(Self.press(6, from: 1, "e:/alerts delete \(ids[1])")) == 200)
            #expect(await toast(after: 4).contains("Alert #\(ids[1]) deleted"), "the one who set it may")
            #expect(try await bench.post(Self.message(7, from: 2, "/alert delete all")) == 200)
            let refusal = await bench.telegram.waitForCalls(3).last?.text ?? ""
            #expect(refusal.contains("only an admin can delete every alert"), "\(refusal)")
        }
    }
}
