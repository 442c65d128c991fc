import MarketEngine
import TelegramBotAPI

/// `/alerts`: this chat's alerts with the value each watches now.
public struct AlertsCommand: CommandHandler {
    public let descriptor = CommandCatalog.alerts
    let store: any ChatRecordStore
    let readings: AlertReadings
    let now: @Sendable () -> Int64

    public init(
        store: any ChatRecordStore, readings: AlertReadings,
        now: @escaping @Sendable () -> Int64 = UTCClock.nowMilliseconds
    ) {
        self.store = store
        self.readings = readings
        self.now = now
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        guard let chatID = invocation.chat?.id else { return AlertRenderer.noChat }
        let alerts: [Alert]
        do {
            alerts = try await store.records(chatID: chatID).compactMap(Alert.init(record:))
        } catch {
            return Reply(html: "Alerts cannot be read right now; try again in a moment.")
        }
        let values = await readings.values(Set(alerts.map(AlertReadings.key(of:))))
        return AlertRenderer.list(alerts.map { ($0, values[AlertReadings.key(of: $0)]) }, at: now())
    }
}
