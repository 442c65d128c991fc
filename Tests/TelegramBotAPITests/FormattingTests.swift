import Foundation
import Testing

@testable import TelegramBotAPI

@Suite struct HTMLTests {
    @Test func escapesTheCharactersTelegramParses() {
        #expect(
            HTML.escape(#"<script>alert("x")</script> & co"#)
                == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co")
        #expect(HTML.escape("&amp;") == "&amp;amp;")
        #expect(HTML.escape("\u{202E}RTL 🚀") == "\u{202E}RTL 🚀")
    }

    @Test func plainTextDropsTagsAndDecodesEntities() {
        #expect(HTML.plainText("<b>BTC</b> &lt;up&gt; &amp; <i>away</i>") == "BTC <up> & away")
    }
}

@Suite struct MessageSplitterTests {
    @Test func shortTextIsOnePart() {
        #expect(MessageSplitter.split("hello") == ["hello"])
        #expect(MessageSplitter.split("") == [])
    }

    @Test func exactly4096UTF16UnitsIsOnePart() {
        let text = String(repeating: "€", count: 4096)  // one UTF-16 unit, three UTF-8 bytes each
        #expect(MessageSplitter.split(text).count == 1)
        #expect(MessageSplitter.split(text + "x").count == 2)
    }

    @Test func splitsOnLineBoundariesWithinTheLimit() {
        let lines = (1...400).map { "<b>line \($0)</b> — " + String(repeating: "x", count: 20) }
        let text = lines.joined(separator: "\n")
        let parts = MessageSplitter.split(text)
        #expect(parts.count > 1)
        for part in parts {
            #expect(part.utf16.count <= 4096)
            #expect(!part.hasPrefix("\n") && !part.hasSuffix("\n"))
        }
        #expect(parts.joined(separator: "\n") == text)  // nothing lost, nothing reordered
    }

    @Test func countsEmojiAsTwoUnits() {
        let emoji = String(repeating: "🚀", count: 2049)  // 4098 UTF-16 units
        let parts = MessageSplitter.split(emoji)
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.utf16.count <= 4096 })
        #expect(parts.joined() == emoji)
    }

    @Test func hardSplitNeverCutsAnEntityOrTag() {
        let line = String(repeating: "a&amp;b<b>c</b> ", count: 600)  // one 9600-character line
        let parts = MessageSplitter.split(line)
        #expect(parts.count == 3)
        for part in parts {
            #expect(part.utf16.count <= 4096)
            #expect(!part.hasSuffix("&") && !part.hasSuffix("&amp") && !part.hasSuffix("<b"))
            #expect(!part.hasPrefix("amp;") && !part.hasPrefix("b>"))
        }
        #expect(parts.joined() == line)
    }

    /// The line-by-line split on Characters that the byte-wise one replaced, kept as the
    /// reference: both must give the same parts for any text without carriage returns.
    static func referenceSplit(_ text: String, limit: Int) -> [String] {
        if text.utf16.count <= limit { return text.isEmpty ? [] : [text] }
        var parts: [String] = []
        var current = ""
        var currentLength = 0
        func flush() {
            var trimmed = current[...]
            while trimmed.last == "\n" { trimmed = trimmed.dropLast() }
            if !trimmed.isEmpty { parts.append(String(trimmed)) }
            current = ""
            currentLength = 0
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineLength = line.utf16.count + 1
            if currentLength + lineLength <= limit + 1 {
                current += line + "\n"
                currentLength += lineLength
                continue
            }
            flush()
            if lineLength <= limit + 1 {
                current = String(line) + "\n"
                currentLength = lineLength
            } else {
                var pieces = MessageSplitter.hardSplit(line, limit: limit)
                let last = pieces.removeLast()
                parts.append(contentsOf: pieces)
                current = last + "\n"
                currentLength = last.utf16.count + 1
            }
        }
        flush()
        return parts
    }

    @Test func byteWiseSplitMatchesTheLineWiseReference() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {  // a fixed-seed generator: the same texts every run
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let words = ["BTC", "<b>ETH</b>", "&amp;", "→", "📈", "漢字", "", "a b c", String(repeating: "x", count: 90)]
        for _ in 0..<300 {
            var lines: [String] = []
            for _ in 0..<next(60) {
                lines.append((0..<next(12)).map { _ in words[next(words.count)] }.joined(separator: " "))
            }
            let text = lines.joined(separator: "\n")
            let limit = 40 + next(200)
            let parts = MessageSplitter.split(text, limit: limit)
            #expect(parts == Self.referenceSplit(text, limit: limit))
            #expect(parts.allSatisfy { $0.utf16.count <= limit })
        }
    }

    @Test func customLimit() {
        let parts = MessageSplitter.split("aaaa\nbbbb\ncccc\ndddd", limit: 20)
        #expect(parts == ["aaaa\nbbbb\ncccc\ndddd"])
        let small = MessageSplitter.split(String(repeating: "word ", count: 10), limit: 17)
        #expect(small.allSatisfy { $0.utf16.count <= 17 })
        #expect(small.joined() == String(repeating: "word ", count: 10))
    }
}

@Suite struct BotMethodTests {
    @Test func webhookReplyCarriesMethodAndParameters() throws {
        let method = BotMethod.sendMessage(SendMessage(chatID: 5_432_109_876, text: "<b>hi</b>"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(method.webhookResponseJSON())) as? [String: Any])
        #expect(object["method"] as? String == "sendMessage")
        #expect((object["chat_id"] as? NSNumber)?.int64Value == 5_432_109_876)
        #expect(object["text"] as? String == "<b>hi</b>")
        #expect(object["parse_mode"] as? String == "HTML")
    }

    /// The hand-written JSON decodes, with `JSONDecoder`, to exactly the call it was written
    /// from: every member, nil members left out, every character that needs escaping.
    @Test func everyCallsJSONDecodesBackToTheSameCall() throws {
        let awkward =
            "quote \" backslash \\ slash / newline \n tab \t cr \r nul \u{0} bell \u{7} del \u{7F} é 🚀 \u{202E}"
        let keyboard = InlineKeyboardMarkup(inlineKeyboard: [
            [InlineKeyboardButton(text: "⟳ \"Refresh\"", callbackData: "price:BTC")],
            [
                InlineKeyboardButton(text: "a", callbackData: "1"),
                InlineKeyboardButton(text: awkward, callbackData: awkward),
            ],
        ])
        let sends = [
            SendMessage(chatID: -1_001_234_567_890, text: awkward),
            SendMessage(
                chatID: Int64.max, messageThreadID: 7, text: "<b>x</b>", parseMode: nil, replyMarkup: keyboard,
                linkPreviewOptions: nil),
            SendMessage(chatID: Int64.min, text: "", linkPreviewOptions: LinkPreviewOptions(isDisabled: nil)),
        ]
        for send in sends {
            #expect(
                try JSONDecoder().decode(SendMessage.self, from: Data(BotMethod.sendMessage(send).parametersJSON()))
                    == send)
        }
        let edit = EditMessageText(chatID: 1, messageID: 99, text: awkward, replyMarkup: keyboard)
        #expect(
            try JSONDecoder().decode(EditMessageText.self, from: Data(BotMethod.editMessageText(edit).parametersJSON()))
                == edit)
        let answer = AnswerCallbackQuery(callbackQueryID: "4382bfdwdsb323b2d9", text: awkward)
        #expect(
            try JSONDecoder().decode(
                AnswerCallbackQuery.self, from: Data(BotMethod.answerCallbackQuery(answer).parametersJSON()))
                == answer)
        let action = SendChatAction(chatID: 3, messageThreadID: nil)
        let actionJSON = BotMethod.sendChatAction(action).parametersJSON()
        #expect(try JSONDecoder().decode(SendChatAction.self, from: Data(actionJSON)) == action)
        #expect(String(decoding: actionJSON, as: UTF8.self) == #"{"chat_id":3,"action":"typing"}"#)
        // As a webhook reply: the same object with "method" first.
        let reply = String(decoding: BotMethod.sendChatAction(action).webhookResponseJSON(), as: UTF8.self)
        #expect(reply == #"{"method":"sendChatAction","chat_id":3,"action":"typing"}"#)
    }

    @Test func answerCallbackHasNoChat() {
        #expect(BotMethod.answerCallbackQuery(AnswerCallbackQuery(callbackQueryID: "1")).chatID == nil)
    }
}
