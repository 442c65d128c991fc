import ArgumentParser
import AssistantServer

@main
struct CryptoAssistant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto-assistant",
        abstract: "A self-hosted crypto market assistant for Telegram: one process, webhook or polling.",
        version: AppVersion.current,
        subcommands: [Serve.self, Poll.self, Webhook.self, Ask.self, Config.self, Health.self])
}
