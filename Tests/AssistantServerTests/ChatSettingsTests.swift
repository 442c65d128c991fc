import AssistantCore
import AssistantTesting
import Foundation
import MarketEngine
import MarketSimulator
import Testing

@testable import AssistantServer

/// `/settings exchange okx` is kept per chat in SQLite and used by the market commands.
@Suite struct ChatSettingsTests {
    @Test func defaultExchangeIsPerChatAndSurvivesARestart() async throws {
        let bench = try await WebhookBench.start()
        let steps: [(Int64, String)] = [
            (1, "/settings"), (2, "/settings exchange okx"), (3, "/price BTC"), (4, "/settings exchange kraken"),
            (5, "/settings colour blue"),
        ]
        for (id, text) in steps {
            #expect(try await bench.post(messageUpdate(id: id, chat: 501, text: text)) == 200)
        }
        #expect(try await bench.post(messageUpdate(id: 6, chat: 502, text: "/price BTC")) == 200)
        let sent = await bench.telegram.waitForCalls(6)
        let chat501 = sent.filter { $0.chatID == 501 }.compactMap(\.text)
        try #require(chat501.count == 5)
        #expect(chat501[0].contains("Default exchange for market commands: <b>Binance (default)</b>"))
        #expect(chat501[1].hasPrefix("Saved.") && chat501[1].contains("OKX"))
        #expect(chat501[2].contains("OKX") && !chat501[2].contains("Binance"), "\(chat501[2])")
        #expect(chat501[3].contains("Unknown exchange kraken"))
        #expect(chat501[4].contains("Unknown setting colour"))
        // Another chat keeps the default.
        let other = try #require(sent.first { $0.chatID == 502 }?.text)
        #expect(other.contains("Binance"), "\(other)")

        let database = bench.folder.path + "/db.sqlite"
        try await bench.finish()
        // Stopping closed the store with its write-ahead log checkpointed: the file alone is complete.
        let wal = (try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
        let reopened = try SQLiteStore(path: database)
        #expect(try await reopened.preferences.preferences(for: 501) == ChatPreferences(exchange: .okx))
        #expect(try await reopened.preferences.preferences(for: 502) == ChatPreferences())
        try await reopened.preferences.setPreferences(ChatPreferences(), for: 501)
        try reopened.close()
        #expect(try await SQLiteStore(path: database).preferences.preferences(for: 501) == ChatPreferences())
    }
}
