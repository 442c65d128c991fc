import AssistantCore
import AssistantTesting
import AsyncHTTPClient
import Foundation
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// `/chart` end to end: "upload_photo" first, then the PNG uploaded with `sendPhoto`
/// (multipart), which the simulated Bot API checks as Telegram does.
@Suite struct ChartDeliveryTests {
    @Test func aChartIsUploadedWithSendPhotoAfterUploadPhoto() async throws {
        let folder = try TemporaryFolder()
        try await withSimulator { (simulator) async throws in
            let settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
            try await withServer(settings) { (server, client) async throws in
                let answer = try await client.postUpdate(
                    messageUpdate(id: 1, chat: 31, text: "/chart ETH 4h"), to: server)
                #expect(answer.status == 200)
                #expect(!answer.body.contains("sendPhoto"), "a picture never travels inline")
                let photos = await simulator.telegram.waitForCalls(1, method: "sendPhoto")
                let photo = try #require(photos.first)
                #expect(photo.chatID == 31)
                #expect(
                    photo.text?.contains("ETH/USDT") == true && photo.text?.contains("4h") == true,
                    "\(photo.text ?? "")")
                let png = try #require(await simulator.telegram.lastPhotos[31])
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
                // "upload_photo" only goes out when a chart takes over a second (see
                // MarketCommandTests); when it does, it precedes the picture.
                let actions = await simulator.telegram.recorded(method: "sendChatAction")
                #expect(actions.allSatisfy { $0.chatID == 31 && $0.parameters.contains("upload_photo") })
                #expect(actions.allSatisfy { $0.atMilliseconds <= photo.atMilliseconds })

                // The same candles again: the same picture, drawn once.
                _ = try await client.postUpdate(messageUpdate(id: 2, chat: 31, text: "/chart ETH 4h"), to: server)
                #expect(await simulator.telegram.waitForCalls(2, method: "sendPhoto").count == 2)
                #expect(await simulator.telegram.lastPhotos[31] == png)
            }
        }
    }

    @Test func theSimulatedBotAPIRefusesWhatTelegramRefuses() async throws {
        try await withSimulator { (simulator) async throws in
            let client = BotAPIClient(httpClient: .shared, baseURL: simulator.url, token: testToken)
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]
            for (photo, caption) in [
                ([1, 2, 3] as [UInt8], "x"),
                (png, String(repeating: "x", count: 1025)),
                (png, "<b>open"),
                ([UInt8](), "x"),
            ] {
                await #expect(throws: BotAPIError.self) {
                    try await client.perform(.sendPhoto(SendPhoto(chatID: 1, photo: photo, caption: caption)))
                }
            }
            try await client.perform(.sendPhoto(SendPhoto(chatID: 1, photo: png, caption: "<b>ok</b>")))
            #expect(await simulator.telegram.recorded(method: "sendPhoto").map(\.status) == [400, 400, 400, 400, 200])
        }
    }
}
