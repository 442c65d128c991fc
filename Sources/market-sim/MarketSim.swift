import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MarketEngine
import MarketSimulator
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import UnixSignals

@main
struct MarketSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market-sim",
        abstract: "Loopback fakes of the Telegram Bot API and the exchanges, for tests and the offline demo.",
        subcommands: [Serve.self, Send.self], defaultSubcommand: Serve.self)

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the simulator (the default).")

        @Option(help: "Address to listen on; keep it on loopback.")
        var host = "127.0.0.1"
        @Option(help: "Port (0 picks a free one and prints it).")
        var port = 8081
        @Option(help: "The bot token the fake Bot API accepts.")
        var botToken = "123456:SIMULATOR-TOKEN-abcdefghijklmnop"
        @Option(help: "Seed of the simulated markets.")
        var seed: UInt64 = 42
        @Option(
            help: "Generated symbols listed beside the ~30 real ones (Q000, Q001, …; at most 1000), for benchmarks.")
        var extraSymbols = 0
        @Option(
            help:
                "How often the streams push every subscribed symbol, in milliseconds (exchanges push every 100 ms to 2 s); a scripted change is pushed at once."
        )
        var streamIntervalMs = 1000
        @Option(
            help: ArgumentHelp(
                "Once listening, write the assistant's exchange URL settings (BINANCE_SPOT_URL …, BINANCE_SPOT_WS_URL …) pointing here to this file, for `crypto-assistant serve --env-file`.",
                valueName: "path"))
        var envFile: String?

        func run() async throws {
            let server = SimulatorServer(
                host: host, port: port, botToken: botToken, signals: [.sigterm, .sigint], seed: seed,
                extraSymbols: extraSymbols, streamInterval: .milliseconds(max(streamIntervalMs, 10)))
            async let running: Void = server.run()
            let url = "http://\(host):\(await server.port())"
            let streams = "ws://\(host):\(await server.streamPort())"
            if let envFile { try Self.writeSettings(pointingAt: url, streams: streams, to: envFile) }
            FileHandle.standardOutput.write(Data("market-sim listening on \(url) (streams on \(streams))\n".utf8))
            try await running
        }

        /// Written whole, then renamed: a script that waits for the file reads it complete.
        static func writeSettings(pointingAt url: String, streams: String, to path: String) throws {
            let lines = (MarketEngine.Endpoints(allAt: url).settings + StreamVenue.simulatorSettings(at: streams)).map {
                "\($0.name)=\($0.value)\n"
            }
            try Data(lines.joined().utf8).write(to: URL(fileURLWithPath: path + ".partial"))
            guard rename(path + ".partial", path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
    }

    /// Posts each text as a Telegram update to a webhook and prints the inline reply: the
    /// offline demo's client (`make demo`).
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post messages as Telegram updates to a webhook and print the replies.")

        @Option(help: "The webhook URL.")
        var webhook: String
        @Option(help: "The X-Telegram-Bot-Api-Secret-Token to send.")
        var secret: String
        @Option(help: "The first update's id; the next ones count up (a server answers an id once).")
        var firstUpdateID = 1_000
        @Argument(help: "Messages, e.g. \"/price BTC\".")
        var messages: [String]

        func run() async throws {
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            defer { _ = Task { try? await http.shutdown() } }
            for (index, text) in messages.enumerated() {
                let update: [String: Any] = [
                    "update_id": firstUpdateID + index,
                    "message": [
                        "message_id": index + 1, "date": Int(Date().timeIntervalSince1970), "text": text,
                        "chat": ["id": 4242, "type": "private", "first_name": "Demo"],
                        "from": ["id": 4242, "first_name": "Demo"],
                    ],
                ]
                var request = HTTPClientRequest(url: webhook)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "X-Telegram-Bot-Api-Secret-Token", value: secret)
                request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: update)))
                let response = try await http.execute(request, timeout: .seconds(60))
                let body = try await response.body.collect(upTo: 1 << 20)
                let reply = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
                print("» \(text)")
                print(Self.plain(reply?["text"] as? String ?? "(HTTP \(response.status.code), no inline reply)"))
                print("")
            }
        }

        static func plain(_ html: String) -> String {
            var out = ""
            var inTag = false
            for character in html {
                if character == "<" {
                    inTag = true
                } else if character == ">" {
                    inTag = false
                } else if !inTag {
                    out.append(character)
                }
            }
            return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        }
    }
}
