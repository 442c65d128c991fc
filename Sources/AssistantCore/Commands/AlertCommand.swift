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
    /// Who may watch the server's own positions: the chats account commands answer.
    let accessPolicy: AccessPolicy

    public init(
        store: any ChatRecordStore, readings: AlertReadings, limit: Int, canDeliver: Bool,
        deleting: AlertDeletePermission = AlertDeletePermission(administrators: nil),
        accessPolicy: AccessPolicy = .denyAll
    ) {
        self.accessPolicy = accessPolicy
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
            case .snooze(let id, let seconds):
                let until = readings.engine.clock.wallMilliseconds + seconds * 1000
                let found = try await store.modify(id: id, chatID: chatID) {
                    Alert.snooze($0, id: id, chatID: chatID, until: until)
                }
                return .snoozed(id: id, until: until, found: found)
            case .create(let symbol, let exchange, let condition, let repeatSeconds, let lifetimeSeconds):
                guard canDeliver else { return .cannotDeliver }
                if condition.quantity.isPosition {
                    // The server's own accounts: as private as `/positions`.
                    guard accessPolicy.allows(chat: invocation.chat, sender: invocation.sender) else {
                        return .positionsNotAllowed
                    }
                    guard readings.positions != nil else { return .positionsUnavailable }
                }
                var alert = Alert(
                    chatID: chatID, base: symbol, exchange: exchange ?? invocation.preferences.exchange ?? .binance,
                    condition: condition, createdAt: readings.engine.clock.wallMilliseconds, valueAtCreation: 0,
                    language: invocation.language, createdBy: invocation.sender?.id, repeatSeconds: repeatSeconds)
                alert.expiresAt = lifetimeSeconds.map { alert.createdAt + $0 * 1000 }
                return try await create(alert)
            }
        } catch let failure as MarketFailure {
            throw failure
        } catch {
            return .unavailable
        }
    }

    /// Makes `alert` (its symbol as typed in `base`, its exchange the one asked for).
    private func create(_ proposed: Alert) async throws -> AlertReport {
        var alert = proposed
        let quantity = alert.condition.quantity
        var known = true
        // Only the streams hear liquidations: such an alert could never be read.
        if quantity == .liquidations && readings.engine.streams == nil { return .liquidationsOff }
        if quantity.isPosition {
            alert.base = ""
            alert.exchange = nil
            // No open position (or none with a liquidation price) is no reading yet: the
            // alert waits for one.
            let value = try? await readings.value(AlertReadings.key(of: alert))
            alert.valueAtCreation = value ?? 0
            known = value != nil
        } else {
            let instrument = try await readings.engine.resolve(
                alert.base, on: alert.exchange ?? .binance, market: quantity.market)
            alert.base = instrument.base
            if quantity.spansExchanges { alert.exchange = nil }
            alert.valueAtCreation = try await readings.value(AlertReadings.key(of: alert))
        }
        // A one-shot alert whose level is reached would fire at once: not made. A repeating
        // one is made disarmed: it fires once the reading has gone back and crossed again.
        if known, case .level(let direction, let level) = alert.condition.test,
            direction.holds(alert.valueAtCreation, level)
        {
            guard alert.repeats else { return .alreadyMet(alert) }
            alert.armed = false
        }
        guard let record = try await store.add(chatID: alert.chatID, payload: alert.payload, limit: limit) else {
            return .limitReached(limit)
        }
        alert.id = record.id
        return .created(alert)
    }

    func render(_ report: AlertReport, in language: Language) -> Reply {
        AlertRenderer.render(report, in: language)
    }
}
