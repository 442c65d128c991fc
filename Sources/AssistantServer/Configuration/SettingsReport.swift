/// `config check`: every effective setting as `SettingsTable` reports it (secrets masked),
/// then what each mode lacks.
public enum SettingsReport {
    public static func render(_ settings: Settings) -> String {
        let rows = SettingsTable.settings.flatMap { $0.report(settings) }
        let width = rows.map(\.label.count).max() ?? 0
        var lines = rows.map { label, value in label.padding(toLength: width + 2) + value }
        lines.append("")
        lines.append("transport: \(settings.usesTLS ? "HTTPS (TLS in-process)" : "plain HTTP (behind a TLS proxy)")")
        for (mode, missing) in [
            ("serve", SettingsRequirement.forServe(settings)), ("poll", SettingsRequirement.forPoll(settings)),
            ("webhook set", SettingsRequirement.forWebhookSet(settings)),
        ] {
            lines.append(
                missing.isEmpty
                    ? "\(mode): ready"
                    : "\(mode): missing " + missing.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
