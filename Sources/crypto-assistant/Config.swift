import ArgumentParser
import AssistantServer

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect settings.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective settings (secrets masked) and what serve and poll still need.")

        @OptionGroup var options: SettingsOptions

        func run() async throws {
            try await reportingFailures {
                let settings = try await options.load()
                print(SettingsReport.render(settings))
            }
        }
    }
}
