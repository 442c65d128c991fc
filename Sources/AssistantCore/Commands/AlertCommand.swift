import MarketEngine
import TelegramBotAPI

/// `/alert …`: makes an alert for this chat (confirmed with its id and the value now), or
/// deletes one or all. `AlertMonitor` evaluates and delivers them, in the language the
/// alert was made in.
public struct AlertCommand: ReportCommand {
    public let descriptor = CommandCatalog.alert
    let store: any ChatRecordStore
    let readings: AlertReadings
    /// Alerts per chat at most (`ALERTS_PER_CHAT`).
    let limit: Int
    /// False in local mode: nothing could deliver an alert.
    let canDeliver: Bool
    let deleting: AlertDeletePermission

    public init(
        store: any ChatRecordStore, readings: AlertReadings, limit: Int, canDeliver: Bool,
        deleting: AlertDeletePermission = AlertDeletePermission(administrators: nil)
    ) {
        self.deleting = deleting
        self.store = store
        self.readings = readings
        self.limit = limit
        self.canDeliver = canDeliver
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> AlertReport {
        guard let chatID = invocation.chat?.id else { return .noChat }
        let request: AlertRequest
        do {
            request = try CommandGrammar.alertRequest(invocation.arguments)
        } catch {
            return .problem(error)
        }
        do {
            switch request {
            case .delete(let id):
                let alert = try await store.records(chatID: chatID).first { $0.id == id }.flatMap(Alert.init(record:))
                guard await deleting.allows(invocation, alert: alert) else { return .notAllowed(id: id) }
                return .deleted(id: id, found: try await store.remove(id: id, chatID: chatID))
            case .deleteAll:
                guard await deleting.allows(invocation, alert: nil) else { return .notAllowed(id: nil) }
                return .deletedAll(count: try await store.removeAll(chatID: chatID))
            case .create(let symbol, let exchange, let condition):
                guard canDeliver else { return .cannotDeliver }
                return try await create(
                    symbol: symbol, exchange: exchange ?? invocation.preferences.exchange ?? .binance,
                    condition: condition, chatID: chatID, language: invocation.language,
                    createdBy: invocation.sender?.id)
            }
        } catch let failure as MarketFailure {
            throw failure
        } catch {
            return .unavailable
        }
    }

    private func create(
        symbol: String, exchange: Exchange, condition: AlertCondition, chatID: Int64, language: Language,
        createdBy: Int64?
    ) async throws -> AlertReport {
        let quantity = condition.quantity
        // Only the streams hear liquidations: such an alert could never be read.
        if quantity == .liquidations && readings.engine.streams == nil { return .liquidationsOff }
        let instrument = try await readings.engine.resolve(symbol, on: exchange, market: quantity.market)
        var alert = Alert(
            chatID: chatID, base: instrument.base, exchange: quantity.spansExchanges ? nil : exchange,
            condition: condition, createdAt: readings.engine.clock.wallMilliseconds, valueAtCreation: 0,
            language: language, createdBy: createdBy)
        alert.valueAtCreation = try await readings.value(AlertReadings.key(of: alert))
        if case .level(let direction, let level) = condition.test, direction.holds(alert.valueAtCreation, level) {
            return .alreadyMet(alert)
        }
        guard let record = try await store.add(chatID: chatID, payload: alert.payload, limit: limit) else {
            return .limitReached(limit)
        }
        alert.id = record.id
        return .created(alert)
    }

    func render(_ report: AlertReport, in language: Language) -> Reply {
        AlertRenderer.render(report, in: language)
    }
}
