import AssistantServer
import MarketEngine
import TelegramBotAPI

/// `webhook info` output: one fact per line, errors with their age.
enum WebhookInfoText {
    static func render(_ info: WebhookInfo, clock: AppClock = .system) -> String {
        let now = clock.wallSeconds
        var lines: [String] = []
        lines.append("url:                  \(info.url.isEmpty ? "(none — polling mode)" : info.url)")
        lines.append("custom certificate:   \(info.hasCustomCertificate ? "yes" : "no")")
        lines.append("pending updates:      \(info.pendingUpdateCount)")
        if let ip = info.ipAddress { lines.append("ip address:           \(ip)") }
        if let max = info.maxConnections { lines.append("max connections:      \(max)") }
        if let allowed = info.allowedUpdates {
            lines.append("allowed updates:      \(allowed.joined(separator: ", "))")
        }
        if let message = info.lastErrorMessage {
            lines.append("last error:           \(message)\(age(info.lastErrorDate, now: now))")
        } else {
            lines.append("last error:           none")
        }
        if let date = info.lastSynchronizationErrorDate {
            lines.append("last sync error:      \(age(date, now: now).trimmingWhitespace())")
        }
        return lines.joined(separator: "\n")
    }

    private static func age(_ date: Int64?, now: Int64) -> String {
        guard let date else { return "" }
        let seconds = max(0, Int(now - date))
        let text =
            seconds < 120 ? "\(seconds) s" : seconds < 7200 ? "\(seconds / 60) min" : "\(seconds / 3600) h"
        return " (\(text) ago)"
    }
}
