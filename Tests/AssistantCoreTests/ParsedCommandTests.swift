import TelegramBotAPI
import Testing

@testable import AssistantCore

@Suite struct ParsedCommandTests {
    @Test func nameMentionAndArguments() {
        #expect(
            ParsedCommand.parse("/Price@MyBot  btc \t perp")
                == ParsedCommand(name: "price", mention: "MyBot", arguments: ["btc", "perp"]))
        #expect(ParsedCommand.parse("/help") == ParsedCommand(name: "help"))
    }

    @Test func notCommands() {
        #expect(ParsedCommand.parse("hello /price") == nil)
        #expect(ParsedCommand.parse("/") == nil)
        #expect(ParsedCommand.parse("/ price") == nil)
        #expect(ParsedCommand.parse("") == nil)
    }

    @Test func commandAtAnEntityAfterEmoji() {
        // 💰 is two UTF-16 units; the entity starts at offset 3.
        let entities = [MessageEntity(type: "bot_command", offset: 3, length: 7)]
        #expect(
            ParsedCommand.parse("💰 /volume ETH", entities: entities)
                == ParsedCommand(name: "volume", arguments: ["ETH"]))
        #expect(
            ParsedCommand.parse("💰 /volume ETH", entities: [MessageEntity(type: "bot_command", offset: 99, length: 2)])
                == nil)
    }

    @Test func validNames() {
        #expect(ParsedCommand(name: "top10").hasValidName)
        #expect(!ParsedCommand(name: "../../etc").hasValidName)
        #expect(!ParsedCommand(name: String(repeating: "a", count: 33)).hasValidName)
    }

    @Test func tenThousandArguments() {
        let text = "/price " + Array(repeating: "x", count: 10_000).joined(separator: " ")
        #expect(ParsedCommand.parse(text)?.arguments.count == 10_000)
    }
}
