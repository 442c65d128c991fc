import MarketEngine
import TelegramBotAPI

/// `/digest HH:MM [TIMEZONE]`, `/digest off`, `/digest now`, `/digest`: the chat's daily
/// digest — its watchlist (or the top 10) with the day's movers and the alerts that fired —
/// posted once a day by the alert leader (`DigestPoster`).
public struct DigestCommand: ReportCommand {
    public let descriptor = CommandCatalog.digest
    let schedules: any ChatRecordStore
    let poster: DigestPoster
    let canDeliver: Bool

    public init(stores: Stores, engine: MarketEngine, canDeliver: Bool) {
        schedules = stores.digests
        poster = DigestPoster(stores: stores, engine: engine)
        self.canDeliver = canDeliver
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> DigestCommandReport {
        guard let chatID = invocation.chat?.id else { return .noChat }
        let words = invocation.arguments
        let exchange = invocation.preferences.exchange ?? .binance
        do {
            let current = try await schedules.only(chatID: chatID).flatMap { DigestSchedule(payload: $0.payload) }
            switch words.first?.lowercased() {
            case nil:
                return .shown(current)
            case "off", "stop", "none":
                try await schedules.replaceOnly(chatID: chatID, payload: nil)
                return .off(found: current != nil)
            case "now":
                return .now(
                    try await poster.digest(
                        for: chatID, exchange: current?.exchange ?? exchange, zone: current?.zone ?? "UTC",
                        language: invocation.language))
            default:
                guard canDeliver else { return .cannotDeliver }
                let minute: Int
                let zone: String
                do {
                    (minute, zone) = try CommandGrammar.digestTime(words)
                } catch {
                    return .problem(error)
                }
                let now = poster.engine.clock.wallMilliseconds / 1000
                let rules = ZoneRules.named(zone) ?? .utc
                let schedule = DigestSchedule(
                    minuteOfDay: minute, zone: rules.identifier, exchange: exchange, language: invocation.language,
                    lastDay: DigestSchedule.lastDayPassed(minute, at: now, rules: rules))
                try await schedules.replaceOnly(chatID: chatID, payload: schedule.payload)
                return .scheduled(schedule)
            }
        } catch {
            return .unavailable
        }
    }

    func render(_ report: DigestCommandReport, in language: Language) -> Reply {
        DigestRenderer.render(report, in: language)
    }
}
