import MarketEngine
import TelegramBotAPI

/// Inline mode: `@BotName btc` lists a price card per matching symbol (the exact base first,
/// then bases that start with or contain the text, by 24 h volume; at most five), each
/// the `/price` reply for Binance, cached by Telegram as long as the engine caches a ticker.
/// An empty query lists the asker's watchlist (the one of their private chat with the bot,
/// up to ten cards, answered as personal so that Telegram does not show it to others), or the
/// five largest by volume when they watch nothing.
public struct InlinePriceCards: InlineQueryAnswering {
    let engine: MarketEngine
    let watchlist: Watchlist?
    public static let maximumResults = 5
    public static let maximumWatchedResults = 10

    public init(engine: MarketEngine, watchlist: Watchlist? = nil) {
        self.engine = engine
        self.watchlist = watchlist
    }

    public func answer(_ query: InlineQuery, in language: Language) async -> AnswerInlineQuery {
        let cacheTime = max(1, Int(engine.freshness.ticker.components.seconds))
        var bases: [String] = []
        var personal: Bool?
        // A private chat's id is its user's: the asker's own watchlist.
        if query.query.allSatisfy(\.isWhitespace), let watchlist,
            let watched = try? await watchlist.bases(of: query.from.id), !watched.isEmpty
        {
            bases = Array(watched.prefix(Self.maximumWatchedResults))
            personal = true
        } else {
            bases = (try? await matches(query.query)) ?? []
        }
        let engine = engine
        let snapshots = await withTaskGroup(of: (Int, PriceSnapshot?).self) { group in
            for (index, base) in bases.enumerated() {
                group.addTask { (index, try? await engine.price(base, on: .binance)) }
            }
            var found: [(Int, PriceSnapshot)] = []
            for await (index, snapshot) in group {
                if let snapshot, snapshot.spot != nil || snapshot.perp != nil { found.append((index, snapshot)) }
            }
            return found.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let results = snapshots.map { snapshot in
            let price = snapshot.spot ?? snapshot.perp
            let title =
                "\(snapshot.pair)  \(price.map { NumberFormat.price($0.last) } ?? "—")"
                + (price.map { "  \(NumberFormat.percent($0.changePercent)) 24h" } ?? "")
            let funding = snapshot.funding.map {
                language.phrases.inlineFunding.filled(["rate": NumberFormat.fixed($0.fundingRate * 100, 4) + "%"])
            }
            return InlineQueryResultArticle(
                id: "price:\(snapshot.pair)", title: title,
                description: ["Binance", funding].compactMap { $0 }.joined(separator: " · "),
                messageText: PriceRenderer.render(.one(snapshot), now: engine.clock.wallMilliseconds, in: language))
        }
        return AnswerInlineQuery(inlineQueryID: query.id, results: results, cacheTime: cacheTime, isPersonal: personal)
    }

    /// Up to five bases quoted in USDT on Binance spot that match `text`.
    func matches(_ text: String) async throws -> [String] {
        let wanted = String(text.uppercased().filter { $0.isLetter || $0.isNumber }.prefix(20))
        let tickers = try await engine.tickers(.binance, .spot).filter { $0.instrument.quote == "USDT" && $0.last > 0 }
        let ranked = tickers.sorted { $0.quoteVolume > $1.quoteVolume }.map(\.instrument.base)
        guard !wanted.isEmpty else { return Array(ranked.prefix(Self.maximumResults)) }
        let exact = ranked.filter { $0 == wanted }
        let prefixed = ranked.filter { $0 != wanted && $0.hasPrefix(wanted) }
        let containing = ranked.filter { !$0.hasPrefix(wanted) && $0.contains(wanted) }
        return Array((exact + prefixed + containing).prefix(Self.maximumResults))
    }
}
