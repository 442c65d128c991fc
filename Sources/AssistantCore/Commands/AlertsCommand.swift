import MarketEngine
import TelegramBotAPI

/// `/alerts`: this chat's alerts with the value each watches now. `/alerts delete ID` (what
/// the ✖ buttons under the list send) deletes one and shows the rest.
public struct AlertsCommand: ReportCommand {
    public let descriptor = CommandCatalog.alerts
    let store: any ChatRecordStore
    let readings: AlertReadings

    public init(store: any ChatRecordStore, readings: AlertReadings) {
        self.store = store
        self.readings = readings
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> AlertListReport {
        guard let chatID = invocation.chat?.id else { return .noChat }
        let alerts: [Alert]
        var deletion: AlertListReport.Deletion?
        do {
            if case .delete(let id)? = try? CommandGrammar.alertRequest(invocation.arguments) {
                deletion = .init(id: id, found: try await store.remove(id: id, chatID: chatID))
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
