import AssistantTesting
import AsyncHTTPClient
import ChartDrawing
import MarketEngine
import MarketSimulator
import TelegramBotAPI
import Testing

@testable import AssistantCore

/// The four languages: every phrase in each, with English's placeholders and tags; every
/// message the bot sends valid for Telegram and within its limits in each; which language a
/// reply is in. A new language adds its case to `arguments` below.
@Suite struct LanguageTests {
    static let languages: [Language] = [.english, .russian, .spanish, .chinese]
    static let time = InMemoryCommandTests.time

    /// Each phrase of a language by its name.
    static func phrases(_ language: Language) -> [(name: String, text: String)] {
        // A group of phrases (`keeping`) is read phrase by phrase, named `group.phrase`.
        Mirror(reflecting: language.phrases).children.flatMap { child -> [(name: String, text: String)] in
            let name = child.label ?? "?"
            if let text = child.value as? String { return [(name, text)] }
            let group = Mirror(reflecting: child.value).children
            guard !group.isEmpty else { return [(name, "")] }
            return group.map { ("\(name).\($0.label ?? "?")", $0.value as? String ?? "") }
        }
    }

    static func placeholders(_ text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names.sorted()
    }

    static func tags(_ text: String) -> [String] {
        var tags: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            tags.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return tags.sorted()
    }

    @Test func everyLanguageIsTested() {
        #expect(Set(Self.languages) == Set(Language.allCases))
    }

    @Test(arguments: languages) func everyPhraseHasEnglishsPlaceholdersAndTags(_ language: Language) {
        let english = Dictionary(uniqueKeysWithValues: Self.phrases(.english).map { ($0.name, $0.text) })
        let phrases = Self.phrases(language)
        #expect(phrases.count == english.count && phrases.count > 200)
        for (name, text) in phrases {
            let reference = english[name] ?? ""
            let blank = text.allSatisfy { $0.isWhitespace }
            #expect(!blank, "\(language) \(name) is empty")
            #expect(Self.placeholders(text) == Self.placeholders(reference), "\(language) \(name): \(text)")
            #expect(Self.tags(text) == Self.tags(reference), "\(language) \(name): \(text)")
            #expect(text.hasPrefix(" · ") == reference.hasPrefix(" · "), "\(language) \(name)")
            #expect(text.contains("\n") == reference.contains("\n"), "\(language) \(name)")
            #expect(TelegramHTML.problem(in: text.filled([:])) == nil, "\(language) \(name): \(text)")
        }
    }

    @Test(arguments: languages) func theOtherLanguagesAreTranslated(_ language: Language) {
        guard language != .english else { return }
        let english = Dictionary(uniqueKeysWithValues: Self.phrases(.english).map { ($0.name, $0.text) })
        // Words that traders write the same everywhere (funding, basis, Total, CVD) may stay;
        // a sentence may not: a phrase the same as English has at most a dozen letters of its
        // own, outside its placeholders and tags.
        let same = Self.phrases(language).filter { english[$0.name] == $0.text }
        for phrase in same {
            var letters = phrase.text
            for word in Self.placeholders(phrase.text).map({ "{\($0)}" }) + Self.tags(phrase.text) {
                letters = letters.replacing(word, with: "")
            }
            #expect(letters.filter(\.isLetter).count <= 12, "\(language) \(phrase.name) is English: \(phrase.text)")
        }
    }

    @Test func aLanguageCodeChoosesItsLanguage() {
        let expected: [(String?, Language)] = [
            ("ru", .russian), ("ru-RU", .russian), ("es", .spanish), ("es-419", .spanish), ("zh", .chinese),
            ("zh-hans", .chinese), ("zh-TW", .chinese), ("en", .english), ("de", .english), ("", .english),
            (nil, .english), ("rus", .english), ("Es", .spanish),
        ]
        for (code, language) in expected {
            #expect(Language(languageCode: code) == language, "\(code ?? "nil")")
        }
        #expect(Language.resolved(chosen: .spanish, languageCode: "ru") == .spanish, "the chat's choice wins")
        #expect(Language.resolved(chosen: nil, languageCode: "ru") == .russian)
    }

    /// Every command over fixed market data (prices, candles, trades, open interest on two
    /// exchanges), alerts in memory, the account commands without keys, and `/chart` drawn.
    static func dispatcher(_ stores: Stores) -> Dispatcher {
        var binance = FixedMarketAdapter(exchange: .binance)
        binance.list("BTC", spot: 97_000, mark: 97_097, time: time)
        var bybit = FixedMarketAdapter(exchange: .bybit)
        bybit.list("BTC", spot: 96_500, mark: 96_400, fundingRate: -0.0002, time: time)
        binance.addHistory(until: time)
        bybit.addHistory(until: time)
        let clock = TestClock(epochMilliseconds: time).appClock
        let engine = MarketEngine.fixed([binance, bybit], clock: clock)
        return Dispatcher(
            handlers: CommandCatalog.handlers(
                extra: CommandCatalog.marketHandlers(engine: engine)
                    + [
                        ChartCommand(engine: engine, canDeliver: true, drawer: CandleChart()),
                        SettingsCommand(store: stores.preferences, quietHours: stores.quietHours),
                    ]
                    + CommandCatalog.alertHandlers(
                        engine: engine,
                        options: .init(
                            store: stores.alerts, limit: 50, canDeliver: true,
                            accessPolicy: AccessPolicy(adminIDs: [5]), stores: stores))
                    + CommandCatalog.accountHandlers(service: AccountService(engine: engine, credentials: [:]))),
            botUsername: nil, accessPolicy: AccessPolicy(adminIDs: [5]), preferences: stores.preferences,
            clock: clock, inline: InlinePriceCards(engine: engine))
    }

    /// What people send, from the usual to the wrong.
    static let messages = [
        "/start", "/help", "/price", "/price btc all", "/price nosuchcoin", "/top10", "/top10 gainers perp",
        "/analysis BTC", "/analysis BTC 4h", "/volume BTC", "/cvd BTC", "/cvd BTC 1h 900", "/volscan", "/oi BTC",
        "/chart BTC", "/chart BTC 2w", "/balance", "/positions", "/pnl", "/pnl 7d", "/settings",
        "/settings exchange kraken", "/settings colour blue", "/settings language xx", "/alert", "/alert BTC",
        "/alert BTC above 1", "/alert BTC above 150000", "/alert BTC below -3", "/alert BTC move 5% 1h",
        "/alert BTC move 5% 3w", "/alert BTC funding above 0.05%", "/alert BTC funding 0.05", "/alert BTC oi 5% 4h",
        "/alert BTC oi 5%", "/alert BTC sideways 3", "/alert BTC above 5 kraken", "/alert delete", "/alert delete x",
        "/alert delete 999", "/alerts", "/nosuchcommand", "hello",
        // Alerts people keep.
        "/alert BTC above 150000 every 1h for 7d", "/alert BTC below 90000 every 3s", "/alert BTC above 1 for 0m",
        "/alert snooze 1 1h", "/alert snooze x", "/alert position pnl below -1000", "/alert position nonsense",
        "/watch", "/watch BTC", "/watch nosuchcoin", "/price", "/watch remove BTC", "/watch remove BTC",
        "/digest", "/digest now", "/digest 25:00", "/digest 08:00 Mars/Olympus", "/digest 08:00 Europe/Berlin",
        "/digest", "/digest off", "/settings quiet 23:00-07:00 Europe/Berlin hold", "/settings",
        "/settings quiet 07:00-07:00", "/settings quiet 23:00-07:00 UTC loud", "/settings quiet off",
    ]

    static func update(_ text: String, id: Int64, languageCode: String?) -> Update {
        Update(
            updateID: id,
            message: Message(
                messageID: id, from: User(id: 5, languageCode: languageCode), date: 0,
                chat: Chat(id: 5, type: "private"), text: text))
    }

    @Test(arguments: languages) func everyMessageIsValidTelegramHTMLWithinItsLimits(_ language: Language) async throws {
        let stores = MemoryStores().stores
        let dispatcher = Self.dispatcher(stores)
        var sentences = 0
        for (index, text) in (Self.messages + ["/alerts delete 1", "/alert delete all"]).enumerated() {
            let methods = await dispatcher.replies(
                to: Self.update(text, id: Int64(index + 1), languageCode: language.rawValue))
            #expect(!methods.isEmpty, "\(language): \(text) got no answer")
            for method in methods {
                switch method {
                case .sendMessage(let message):
                    sentences += 1
                    #expect(TelegramHTML.problem(in: message.text) == nil, "\(language) \(text): \(message.text)")
                    #expect(TelegramHTML.visibleLength(message.text, html: true) <= 4096, "\(language) \(text)")
                    #expect(!message.text.contains("{"), "a placeholder left: \(language) \(text): \(message.text)")
                    for button in message.replyMarkup?.inlineKeyboard.flatMap({ $0 }) ?? [] {
                        #expect(
                            (1...64).contains(button.text.utf8.count) && (button.callbackData ?? "").utf8.count <= 64)
                    }
                case .sendPhoto(let photo):
                    #expect(TelegramHTML.problem(in: photo.caption ?? "") == nil, "\(language) \(text)")
                    #expect(TelegramHTML.visibleLength(photo.caption ?? "", html: true) <= 1024, "\(language) \(text)")
                    #expect(photo.photo.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
                case .sendChatAction: break
                default: Issue.record("\(language) \(text): \(method)")
                }
            }
        }
        #expect(sentences >= Self.messages.count)
    }

    @Test(arguments: languages) func firedAlertsAreValidInTheirLanguage(_ language: Language) {
        let conditions: [AlertCondition] = [
            .price(.above, level: 100_000), .price(.below, level: 90_000), .move(percent: 5, windowSeconds: 3600),
            .funding(.above, ratePercent: 0.05), .funding(.below, ratePercent: -0.01),
            .openInterest(percent: 10, windowSeconds: 14_400), .liquidations(amount: 5_000_000, windowSeconds: 300),
        ]
        for condition in conditions {
            let fired = FiredAlert(
                alertID: 7, base: "BTC", exchange: condition.quantity.spansExchanges ? nil : .bybit,
                condition: condition, value: 101_000, change: 5.2, firedAt: Self.time, language: language)
            let reply = AlertRenderer.fired(fired)
            #expect(TelegramHTML.problem(in: reply.html) == nil, "\(language) \(condition): \(reply.html)")
            #expect(!reply.html.contains("{") && reply.html.contains("#7") && reply.html.contains("BTC"))
            let made = Alert(
                chatID: 5, base: "BTC", exchange: fired.exchange, condition: condition, createdAt: Self.time,
                valueAtCreation: 1, language: language)
            let created = AlertRenderer.render(.created(made), in: language).html
            #expect(TelegramHTML.problem(in: created) == nil && !created.contains("{"), "\(created)")
        }
    }

    /// Every message of alerts people keep that no command answers at once: a repeating alert
    /// with its buttons, a position alert, alerts held by quiet hours, a full digest.
    @Test(arguments: languages) func keptAlertsAndDigestsAreValidInTheirLanguage(_ language: Language) {
        func valid(_ html: String, _ what: String) {
            #expect(TelegramHTML.problem(in: html) == nil, "\(language) \(what): \(html)")
            #expect(!html.contains("{"), "\(language) \(what): a placeholder left: \(html)")
            #expect(TelegramHTML.visibleLength(html, html: true) <= 4096, "\(language) \(what)")
        }
        let repeating = FiredAlert(
            alertID: 7, base: "BTC", exchange: .bybit, condition: .price(.above, level: 100_000), value: 101_000,
            firedAt: Self.time, language: language, repeatSeconds: 3600)
        let reply = AlertRenderer.fired(repeating)
        valid(reply.html, "repeating")
        let buttons = reply.keyboard?.inlineKeyboard.flatMap { $0 } ?? []
        #expect(buttons.count == 4 && buttons.allSatisfy { ($0.callbackData ?? "").utf8.count <= 64 })
        let nearest = PositionWatch.Reading.Nearest(
            exchange: .okx, symbol: "BTC-USDT-SWAP", side: .short, markPrice: 97_000, liquidationPrice: 99_000)
        for condition: AlertCondition in [
            .positionLiquidation(withinPercent: 3), .positionPnl(below: -1000), .positionFunding(above: 25),
        ] {
            let fired = FiredAlert(
                alertID: 8, base: "", exchange: nil, condition: condition, value: 2.06, firedAt: Self.time,
                language: language, position: nearest)
            valid(AlertRenderer.fired(fired).html, "\(condition)")
            let made = Alert(
                chatID: 5, base: "", exchange: nil, condition: condition, createdAt: Self.time, valueAtCreation: 5,
                language: language, repeatSeconds: 600, expiresAt: Self.time + 86_400_000)
            valid(AlertRenderer.render(.created(made), in: language).html, "created \(condition)")
        }
        valid(AlertRenderer.collected([repeating, repeating, repeating]).html, "collected")
        let rows = ["BTC", "ETH", "SOL<"].enumerated().map { index, base in
            MarketRow(
                base: base, price: 97_000 / Double(index + 1), changePercent: Double(index) - 1.5,
                fundingPercent: 0.01, openInterestChangePercent: index == 2 ? nil : 3.2)
        }
        for watching in [true, false] {
            let digest = DigestReport(
                day: "2026-12-07", zone: "Europe/Berlin", exchange: .gate, watchlist: watching, rows: rows,
                fired: Array(repeating: repeating, count: 12), at: Self.time, language: language)
            let text = DigestRenderer.render(digest).html
            valid(text, "digest")
            #expect(text.contains("SOL&lt;"), "the base is escaped")
        }
    }

    /// A full `/liquidations` (every row, the largest, the sampled and "since" lines), which the
    /// fixed engine of `everyMessageIsValidTelegramHTMLWithinItsLimits` cannot produce.
    @Test(arguments: languages) func aFullLiquidationReportIsValidInItsLanguage(_ language: Language) {
        var tallies = MarketEngine.liquidationExchanges.map { MarketEngine.LiquidationTally(exchange: $0) }
        for index in tallies.indices {
            tallies[index].longs = 1_250_000
            tallies[index].shorts = 90_000
            tallies[index].count = 12
            tallies[index].listeningSince = 1_763_700_000_000
        }
        tallies[1].largest = Liquidation(
            exchange: .bybit, base: "BTC<", side: .long, price: 97_000, quantity: 3.5, time: 1_763_700_100_000)
        tallies[3].listeningSince = nil
        tallies[3].count = 0
        let report = LiquidationsReport(
            base: "BTC", tallies: tallies, since: 1_763_699_000_000, time: 1_763_700_200_000)
        let text = LiquidationsRenderer.render(report, in: language)
        #expect(TelegramHTML.problem(in: text) == nil, "\(language): \(text)")
        #expect(!text.contains("{"), "every placeholder filled: \(text)")
        #expect(text.contains("BTC&lt;"), "the base is escaped")
        #expect(
            text.split(separator: "\n").count == 12,
            "title, 3 rows, 1 disconnected, total, largest, sampled, 3 counted-since, footer")
    }

    @Test func aLongAlertListKeepsUnderTelegramsHundredButtons() {
        let entries = (1...130).map { id in
            AlertListReport.Entry(
                alert: Alert(
                    id: Int64(id), chatID: 5, base: "BTC", exchange: nil, condition: .price(.above, level: 100_000),
                    createdAt: Self.time, valueAtCreation: 1),
                now: nil)
        }
        let reply = AlertRenderer.render(.list(entries, at: Self.time, deletion: nil), in: .english)
        let buttons = reply.keyboard?.inlineKeyboard.flatMap { $0 } ?? []
        #expect(buttons.count == 100 && buttons.first?.text == "✖ #1" && buttons.last?.text == "✖ #100")
        #expect(reply.html.contains("#130 "), "every alert is still listed")
    }

    @Test func theSendersLanguageAnswersAndTheChatsChoiceWins() async throws {
        let stores = MemoryStores().stores
        let dispatcher = Self.dispatcher(stores)
        func reply(_ text: String, _ code: String?, id: Int64) async -> String {
            await dispatcher.replies(to: Self.update(text, id: id, languageCode: code)).compactMap { method in
                if case .sendMessage(let message) = method { message.text } else { nil }
            }.joined(separator: "\n")
        }
        let russian = Language.russian.phrases
        let spanish = Language.spanish.phrases
        let price = await reply("/price BTC", "ru", id: 1)
        #expect(price.contains(russian.dataAt(Self.time, exchange: .binance)), "\(price)")
        #expect(await reply("/help", "ru", id: 2).hasPrefix(russian.helpTitle))
        #expect(await reply("/help", "es-419", id: 3).hasPrefix(spanish.helpTitle))
        #expect(await reply("/help", "de", id: 4).hasPrefix(Language.english.phrases.helpTitle))
        // The chat chooses Spanish: it wins over the sender's Russian, and the answer to the
        // change is in the new language.
        let saved = await reply("/settings language es", "ru", id: 5)
        #expect(saved.hasPrefix(spanish.settingsSaved) && saved.contains("<b>Español</b>"), "\(saved)")
        #expect(try await stores.preferences.preferences(for: 5).language == .spanish)
        #expect(await reply("/help", "ru", id: 6).hasPrefix(spanish.helpTitle))
        #expect(await reply("/nosuchcommand", "ru", id: 7).contains("/nosuchcommand"))
        // auto: each sender's own again.
        #expect(await reply("/settings language auto", "ru", id: 8).hasPrefix(russian.settingsSaved))
        #expect(try await stores.preferences.preferences(for: 5).language == nil)
        #expect(await reply("/help", "zh-hans", id: 9).hasPrefix(Language.chinese.phrases.helpTitle))
        let unknown = await reply("/settings language fr", "en", id: 10)
        #expect(unknown.hasPrefix("Unknown language fr."), "\(unknown)")
        #expect(try await stores.preferences.preferences(for: 5).language == nil, "nothing saved")
    }

    @Test func anAlertSpeaksTheLanguageItWasMadeIn() async throws {
        let stores = MemoryStores().stores
        let dispatcher = Self.dispatcher(stores)
        let made = await dispatcher.replies(to: Self.update("/alert BTC above 150000", id: 1, languageCode: "zh"))
        guard case .sendMessage(let confirmation) = try #require(made.last) else { return }
        #expect(confirmation.text.hasPrefix("🔔 "), "\(confirmation.text)")
        let record = try #require(try await stores.alerts.allRecords().first)
        let alert = try #require(Alert(record: record))
        #expect(alert.language == .chinese)
        // A row written before alerts had a language reads as English.
        let old = ChatRecord(
            id: 1, chatID: 5, createdAt: 0,
            payload: Array(
                #"{"base":"BTC","exchange":"binance","condition":{"price":{"_0":"above","level":150000}},"createdAt":1,"valueAtCreation":2}"#
                    .utf8))
        #expect(Alert(record: old)?.condition == .price(.above, level: 150_000))
        #expect(Alert(record: old)?.language == .english)
        let fired = FiredAlert(
            alertID: alert.id, base: "BTC", exchange: .binance, condition: alert.condition, value: 150_100,
            firedAt: Self.time, language: alert.language)
        #expect(AlertRenderer.fired(fired).html.contains("突破"), "\(AlertRenderer.fired(fired).html)")
        let journaled = try #require(FiredAlert(payload: fired.payload))
        #expect(journaled.language == .chinese)
        let older = #"{"alertID":1,"base":"BTC","condition":{"price":{"_0":"above","level":1}},"value":2,"firedAt":3}"#
        #expect(FiredAlert(payload: Array(older.utf8))?.language == .english)
    }

    @Test func inlineCardsAreInTheQueryingPersonsLanguage() async throws {
        let dispatcher = Self.dispatcher(MemoryStores().stores)
        let query = InlineQuery(id: "q", from: User(id: 9, languageCode: "es"), query: "btc")
        let methods = await dispatcher.replies(to: Update(updateID: 1, inlineQuery: query))
        guard case .answerInlineQuery(let answer) = try #require(methods.first) else { return }
        let card = try #require(answer.results.first)
        let spanish = Language.spanish.phrases
        #expect(card.messageText.contains(spanish.dataAt(Self.time, exchange: .binance)), "\(card.messageText)")
        let funding = spanish.inlineFunding.filled(["rate": "0.0100%"])
        #expect(card.description == "Binance · \(funding)", "\(card.description ?? "")")
    }
}
