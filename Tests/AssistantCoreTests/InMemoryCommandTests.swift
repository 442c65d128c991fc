import AssistantTesting
import AsyncHTTPClient
import MarketEngine
import TelegramBotAPI
import Testing

@testable import AssistantCore

/// Commands against fixed market data in memory (`MarketEngine(adapters:)`): the engine's
/// resolution, caching and reports, the renderers and the chat's settings, without a socket.
@Suite struct InMemoryCommandTests {
    static let time: Int64 = 1_780_000_000_000

    static func engine() -> MarketEngine {
        var binance = FixedMarketAdapter(exchange: .binance)
        binance.list("BTC", spot: 97_000, mark: 97_097, time: time)
        var bybit = FixedMarketAdapter(exchange: .bybit)
        bybit.list("BTC", spot: 96_500, mark: 96_400, fundingRate: -0.0002, time: time)
        // OKX and the others list nothing: every symbol is unknown there.
        return .fixed([binance, bybit])
    }

    static func dispatcher(_ stores: Stores = MemoryStores().stores) -> Dispatcher {
        let engine = engine()
        return Dispatcher(
            handlers: CommandCatalog.handlers(
                extra: CommandCatalog.marketHandlers(engine: engine) + [SettingsCommand(store: stores.preferences)]),
            botUsername: nil, preferences: stores.preferences)
    }

    static func ask(_ dispatcher: Dispatcher, _ text: String, id: Int64 = 1) async -> String {
        let update = Update(
            updateID: id,
            message: Message(messageID: id, from: User(id: 5), date: 0, chat: Chat(id: 5, type: "private"), text: text))
        return await dispatcher.replies(to: update).compactMap { method -> String? in
            if case .sendMessage(let message) = method { message.text } else { nil }
        }.joined(separator: "\n")
    }

    @Test func priceRendersTheFixedSnapshot() async {
        let reply = await Self.ask(Self.dispatcher(), "/price btc")
        #expect(reply.hasPrefix("<b>BTC/USDT</b> · Binance"), "\(reply)")
        #expect(reply.contains("<code>\(NumberFormat.price(97_000))</code>"), "\(reply)")
        #expect(reply.contains("Basis (perp − spot) \(NumberFormat.percent(0.1, decimals: 3))"), "\(reply)")
    }

    @Test func everyExchangeSideBySideNamesTheOneWithoutTheSymbol() async {
        let reply = await Self.ask(Self.dispatcher(), "/price BTC all")
        let lines = reply.split(separator: "\n").map(String.init)
        #expect(
            lines.first { $0.hasPrefix("<b>Binance</b>") }?.contains(NumberFormat.price(97_000)) == true, "\(reply)")
        #expect(lines.first { $0.hasPrefix("<b>Bybit</b>") }?.contains(NumberFormat.price(96_500)) == true, "\(reply)")
        #expect(lines.first { $0.hasPrefix("<b>OKX</b>") }?.contains("Unknown symbol BTC") == true, "\(reply)")
    }

    @Test func theChatsDefaultExchangeIsUsed() async {
        let dispatcher = Self.dispatcher()
        #expect(await Self.ask(dispatcher, "/settings exchange bybit", id: 1).hasPrefix("Saved."))
        let reply = await Self.ask(dispatcher, "/price BTC", id: 2)
        #expect(reply.hasPrefix("<b>BTC/USDT</b> · Bybit"), "\(reply)")
        #expect(reply.contains(NumberFormat.price(96_500)), "\(reply)")
    }
}
