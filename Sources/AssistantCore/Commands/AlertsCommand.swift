import MarketEngine
import TelegramBotAPI

/// `/alerts`: this chat's alerts with the value each watches now. `/alerts delete ID` (what
/// the ✖ buttons under the list send) deletes one and shows the rest.
public struct AlertsCommand: ReportCommand {
    public let descriptor = CommandCatalog.alerts
    let store: any ChatRecordStore
    let readings: AlertReadings
    let deleting: AlertDeletePermission

    public init(
        store: any ChatRecordStore, readings: AlertReadings,
        deleting: AlertDeletePermission = AlertDeletePermission(administrators: nil)
    ) {
        self.store = store
        self.readings = readings
        self.deleting = deleting
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> AlertListReport {
        guard let chatID = invocation.chat?.id else { return .noChat }
        let alerts: [Alert]
        var deletion: AlertListReport.Deletion?
        do {
            if case .delete(let id)? = try? CommandGrammar.alertRequest(invocation.arguments) {
                let alert = try await store.records(chatID: chatID).first { $0.id == id }.flatMap(Alert.init(record:))
                if await deleting.allows(invocation, alert: alert) {
                    deletion = .init(id: id, found: try await store.remove(id: id, chatID: chatID))
                } else {
                    deletion = .init(id: id, found: true, notAllowed: true)
                }
            }
            alerts = try await store.records(chatID: chatID).compactMap(Alert.init(record:))
        } catch {
            return .unreadable
        }
        let values = await readings.values(Set(alerts.map(AlertReadings.key(of:))))
        return .list(
            alerts.map { .init(alert: $0, now: values[AlertReadings.key(of: $0)]) },
            at: readings.engine.clock.wallMilliseconds, deletion: deletion)
    }

    func render(_ report: AlertListReport, in language: Language) -> Reply {
        AlertRenderer.render(report, in: language)
    }
}
