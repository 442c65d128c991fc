/// What each subcommand needs before it may start; checked before anything listens.
public enum SettingsRequirement {
    public static func forServe(_ settings: Settings) -> [SettingsError] {
        var missing: [SettingsError] = []
        if settings.webhookSecret == nil {
            missing.append(
                SettingsError(
                    name: "WEBHOOK_SECRET",
                    problem: "is not set: serve refuses webhooks without a secret (1–256 of A-Z a-z 0-9 _ -)"))
        }
        return missing
    }

    public static func forPoll(_ settings: Settings) -> [SettingsError] {
        settings.botToken == nil
            ? [SettingsError(name: "TELEGRAM_BOT_TOKEN", problem: "is not set: poll needs it to call getUpdates")] : []
    }

    public static func forWebhookSet(_ settings: Settings) -> [SettingsError] {
        var missing: [SettingsError] = []
        if settings.botToken == nil {
            missing.append(SettingsError(name: "TELEGRAM_BOT_TOKEN", problem: "is not set: webhook set needs it"))
        }
        if settings.publicURL == nil {
            missing.append(
                SettingsError(name: "PUBLIC_URL", problem: "is not set: webhook set needs the public https:// address"))
        }
        if settings.webhookSecret == nil {
            missing.append(
                SettingsError(name: "WEBHOOK_SECRET", problem: "is not set: webhook set registers it with Telegram"))
        }
        return missing
    }

    public static func forBotAPI(_ settings: Settings) -> [SettingsError] {
        settings.botToken == nil ? [SettingsError(name: "TELEGRAM_BOT_TOKEN", problem: "is not set")] : []
    }
}
