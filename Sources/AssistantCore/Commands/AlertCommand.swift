import MarketEngine
import TelegramBotAPI

/// `/alert …`: makes an alert for this chat (confirmed with its id and the value now), or
/// deletes one or all. The alert service (`AlertService`) evaluates and delivers them.
public struct AlertCommand: CommandHandler {
    public let descriptor = CommandCatalog.alert
    let store: any ChatRecordStore
    let readings: AlertReadings
    /// Alerts per chat at most (`ALERTS_PER_CHAT`).
    let limit: Int
    /// False in local mode: nothing could deliver an alert.
    let canDeliver: Bool
    let now: @Sendable () -> Int64

    public init(
        store: any ChatRecordStore, readings: AlertReadings, limit: Int, canDeliver: Bool,
        now: @escaping @Sendable () -> Int64 = UTCClock.nowMilliseconds
    ) {
        self.store = store
        self.readings = readings
        self.limit = limit
        self.canDeliver = canDeliver
        self.now = now
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        guard let chatID = invocation.chat?.id else { return AlertRenderer.noChat }
        let request: AlertRequest
        do {
            request = try AlertRequest(arguments: invocation.arguments)
        } catch {
            return AlertRenderer.problem(error)
        }
        do {
            switch request {
            case .delete(let id):
                return AlertRenderer.deleted(id, found: try await store.remove(id: id, chatID: chatID))
            case .deleteAll:
                return AlertRenderer.deletedAll(try await store.removeAll(chatID: chatID))
            case .create(let symbol, let exchange, let condition):
                guard canDeliver else { return AlertRenderer.cannotDeliver }
                return try await create(
                    symbol: symbol, exchange: exchange ?? invocation.preferences.exchange ?? .binance,
                    condition: condition, chatID: chatID)
            }
        } catch let failure as MarketFailure {
            return Reply(html: FailureRenderer.line(failure))
        } catch {
            return Reply(html: "Alerts cannot be read or saved right now; try again in a moment.")
        }
    }

    private func create(symbol: String, exchange: Exchange, condition: AlertCondition, chatID: Int64) async throws
        -> Reply
    {
        let market: Market
        switch condition {
        case .price, .move: market = .spot
        case .funding, .openInterest: market = .perp
        }
        let instrument = try await readings.engine.resolve(symbol, on: exchange, market: market)
        var alert = Alert(
            chatID: chatID, base: instrument.base,
            exchange: condition.windowSeconds != nil && market == .perp ? nil : exchange, condition: condition,
            createdAt: now(), valueAtCreation: 0)
        alert.valueAtCreation = try await readings.value(AlertReadings.key(of: alert))
        switch condition {
        case .price(let direction, let level), .funding(let direction, let level):
            if direction.holds(alert.valueAtCreation, level) { return AlertRenderer.alreadyMet(alert) }
        case .move, .openInterest:
            break
        }
        guard let record = try await store.add(chatID: chatID, payload: alert.payload, limit: limit) else {
            return AlertRenderer.limitReached(limit)
        }
        alert.id = record.id
        return AlertRenderer.created(alert)
    }
}
