import ArgumentParser
import AssistantServer
import Logging

struct Poll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive updates by long polling (getUpdates) instead of a webhook.")

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        try await reportingFailures {
            let (settings, logger) = try await options.prepare(requiring: SettingsRequirement.forPoll)
            let runner = try await PollingRunner(settings: settings, logger: logger)
            do {
                try await runner.run()
            } catch let conflict as PollingConflict {
                throw Failure.message(conflict.description, code: 1)
            } catch let rejected as PollingRejected {
                throw Failure.message(rejected.description, code: 1)
            }
            logger.notice("stopped")
        }
    }
}
