import MarketEngine
import TelegramBotAPI
import Testing

@testable import AssistantCore

/// `/alert`'s words, as people type them.
@Suite struct AlertRequestTests {
    func read(_ text: String) throws(AlertRequest.Problem) -> AlertRequest {
        try CommandGrammar.alertRequest(text.split(separator: " ").map(String.init))
    }

    @Test func everyFormReadsAsItsCondition() throws {
        #expect(
            try read("BTC above 100000")
                == .create(symbol: "BTC", exchange: nil, condition: .price(.above, level: 100_000)))
        #expect(
            try read("btc > 100,000 okx")
                == .create(symbol: "btc", exchange: .okx, condition: .price(.above, level: 100_000)))
        #expect(
            try read("BTC above 1,234,567.5")
                == .create(symbol: "BTC", exchange: nil, condition: .price(.above, level: 1_234_567.5)))
        #expect(
            try read("ETH < 2500.5") == .create(symbol: "ETH", exchange: nil, condition: .price(.below, level: 2500.5)))
        #expect(
            try read("ETH move 5% 1h bybit")
                == .create(symbol: "ETH", exchange: .bybit, condition: .move(percent: 5, windowSeconds: 3600)))
        #expect(
            try read("BTC funding below -0.01%")
                == .create(symbol: "BTC", exchange: nil, condition: .funding(.below, ratePercent: -0.01)))
        #expect(
            try read("SOL oi 10% 4h")
                == .create(symbol: "SOL", exchange: nil, condition: .openInterest(percent: 10, windowSeconds: 14_400)))
        #expect(
            try read("BTC liquidations above 5M 5m")
                == .create(
                    symbol: "BTC", exchange: nil, condition: .liquidations(amount: 5_000_000, windowSeconds: 300)))
        #expect(
            try read("eth liq > 1.5m 1h")
                == .create(
                    symbol: "eth", exchange: nil, condition: .liquidations(amount: 1_500_000, windowSeconds: 3600)))
        #expect(
            try read("SOL liq above 250000 1m")
                == .create(symbol: "SOL", exchange: nil, condition: .liquidations(amount: 250_000, windowSeconds: 60)))
        #expect(
            try read("BTC liq above 2B 15m")
                == .create(
                    symbol: "BTC", exchange: nil, condition: .liquidations(amount: 2e9, windowSeconds: 900)))
        #expect(try read("delete 12") == .delete(id: 12))
        #expect(try read("delete #12") == .delete(id: 12))
        #expect(try read("delete all") == .deleteAll)
    }

    @Test func windowsAreFiveMinutesToADay() {
        #expect(
            AlertWindow.seconds("5m") == 300 && AlertWindow.seconds("1d") == 86_400
                && AlertWindow.seconds("90m") == 5400)
        #expect(AlertWindow.text(300) == "5m" && AlertWindow.text(3600) == "1h" && AlertWindow.text(86_400) == "1d")
        for text in ["BTC move 5% 4m", "BTC move 5% 2d", "BTC move 5% soon", "BTC oi 5% 0h"] {
            #expect(throws: AlertRequest.Problem.self, "\(text)") { try read(text) }
        }
    }

    @Test func eachMistakeIsNamed() {
        for (text, problem) in [
            ("", "Say what to watch."),
            ("BTC", "Say what to watch for “BTC”."),
            ("BTC above -5", "“-5” is not a price."),
            ("ETH below 2,5", "“2,5” is ambiguous"),
            ("ETH below 2,50.1", "“2,50.1” is ambiguous"),
            ("BTC above 70000,", "“70000,” is ambiguous"),
            ("BTC above 5 kraken", "“kraken” is not an exchange"),
            ("BTC move 0% 1h", "is not a change in percent"),
            ("BTC funding 0.05%", "Say above or below"),
            ("BTC oi 5%", "Say a change and a window"),
            ("BTC liquidations above 500 5m", "“500” is not an amount in USDT"),
            ("BTC liq above 20B 5m", "“20B” is not an amount in USDT"),
            ("BTC liq above 5X 5m", "“5X” is not an amount in USDT"),
            ("BTC liq above 5M", "Say an amount in USDT and a window"),
            ("BTC liq below 5M 5m", "Say an amount in USDT and a window"),
            ("BTC liq above 5M 2h", "Say an amount in USDT and a window"),
            ("BTC liq above 5M 30s", "Say an amount in USDT and a window"),
            ("BTC liq above 5M 5m bybit", "Say an amount in USDT and a window"),
            ("delete", "Say which alert to delete"),
        ] {
            do {
                _ = try read(text)
                Issue.record("“\(text)” was accepted")
            } catch {
                let said = HTML.plainText(AlertRenderer.problem(error, Language.english.phrases))
                #expect(said.contains(problem), "\(text): \(said)")
            }
        }
    }
}
