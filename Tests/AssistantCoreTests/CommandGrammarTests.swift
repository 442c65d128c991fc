import MarketEngine
import Testing

@testable import AssistantCore

/// The one reading of arguments that the bot and the JSON API share.
@Suite struct CommandGrammarTests {
    @Test func barsAreAWholeNumberFromTwoToFiveHundred() throws {
        #expect(try CommandGrammar.bars(nil) == 24)
        #expect(try CommandGrammar.bars("2") == 2)
        #expect(try CommandGrammar.bars("500") == 500)
        for text in ["1", "501", "zero", "2.5", "", "-3"] {
            #expect(throws: ArgumentError(.invalid, .bars), "\(text)") { try CommandGrammar.bars(text) }
        }
        #expect("\(ArgumentError(.invalid, .bars))" == "Bars must be a number from 2 to 500.")
    }

    @Test func periodIsTodaySevenOrThirtyDays() throws {
        let now: Int64 = 1_763_700_000_000  // 2025-11-21T04:40:00Z
        #expect(try CommandGrammar.period(nil) == .today)
        #expect(try CommandGrammar.period("7D") == .sevenDays)
        #expect(try CommandGrammar.period("30d") == .thirtyDays)
        #expect(throws: ArgumentError(.invalid, .period)) { try CommandGrammar.period("year") }
        #expect(ReportPeriod.today.since(now: now) == 1_763_683_200_000)
        #expect(ReportPeriod.sevenDays.since(now: now) == now - 7 * 86_400_000)
        #expect(ReportPeriod.thirtyDays.since(now: now) == now - 30 * 86_400_000)
    }

    @Test func exchangeChoiceAndDefaults() throws {
        #expect(try CommandGrammar.exchangeChoice(nil, default: .okx) == .one(.okx))
        #expect(try CommandGrammar.exchangeChoice("ALL", default: .okx) == .all)
        #expect(try CommandGrammar.exchangeChoice("Bybit", default: .okx) == .one(.bybit))
        #expect(throws: ArgumentError(.invalid, .exchange)) { try CommandGrammar.exchange("kraken", default: .binance) }
        #expect(throws: ArgumentError(.missing, .symbol)) { try CommandGrammar.symbol(nil) }
        #expect(try CommandGrammar.interval(nil, default: .h4) == .h4)
        #expect(try CommandGrammar.interval("60m", default: .h4) == .h1)
        #expect(throws: ArgumentError(.invalid, .interval)) { try CommandGrammar.interval("7m", default: .h1) }
    }

    @Test func windowIsOneOfTheHorizons() throws {
        #expect(try CommandGrammar.window(nil, default: .day) == .day)
        #expect(try CommandGrammar.window("4H", default: .day) == .fourHours)
        #expect(try CommandGrammar.window("1d", default: .hour) == .day)
        #expect(throws: ArgumentError(.invalid, .window)) { try CommandGrammar.window("2h", default: .day) }
        #expect("\(ArgumentError(.invalid, .window))" == "Window must be 1h, 4h, 24h.")
    }

    @Test func thresholdIsAboveZeroAndBelowAThousand() throws {
        #expect(try CommandGrammar.threshold(nil) == 2)
        #expect(try CommandGrammar.threshold("2.5") == 2.5)
        for text in ["0", "-1", "1000", "nan", "inf", "x"] {
            #expect(throws: ArgumentError(.invalid, .threshold), "\(text)") { try CommandGrammar.threshold(text) }
        }
    }

    /// The bot's words: an exchange anywhere, `all`, the rest in order.
    @Test func wordsSplitIntoExchangeAndRest() {
        let arguments = CommandArguments(["btc", "OKX", "1h", "all"], defaultExchange: .bybit)
        #expect(arguments.exchange == .okx && arguments.exchangeChoice == .all)
        #expect(arguments[0] == "btc" && arguments[1] == "1h" && arguments[2] == nil)
        #expect(CommandArguments([], defaultExchange: .bybit).exchangeChoice == .one(.bybit))
    }
}
