import ArgumentParser
import Logging
import MarketSimulator
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

@main
struct MarketSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market-sim",
        abstract: "Loopback fakes of the Telegram Bot API (and, later, the exchanges) for tests and the offline demo.")

    @Option(help: "Address to listen on; keep it on loopback.")
    var host = "127.0.0.1"
    @Option(help: "Port (0 picks a free one and prints it).")
    var port = 8081
    @Option(help: "The bot token the fake Bot API accepts.")
    var botToken = "123456:SIMULATOR-TOKEN-abcdefghijklmnop"

    func run() async throws {
        let server = SimulatorServer(host: host, port: port, botToken: botToken, signals: [.sigterm, .sigint])
        async let running: Void = server.run()
        let line = "market-sim listening on http://\(host):\(await server.port())\n"
        _ = line.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        try await running
    }
}
