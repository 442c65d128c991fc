import Foundation
import MarketSimulator
import NIOHTTP1
import Testing

@testable import AssistantServer

/// `/metrics` as Prometheus reads it, after real traffic through the webhook.
@Suite struct MetricsTests {
    /// The value of the sample `name{labels}` in a text exposition; nil when absent.
    static func sample(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let series = line[..<space]
            let seriesName = series.split(separator: "{", maxSplits: 1).first.map(String.init) ?? ""
            guard seriesName == name else { continue }
            let wanted = labels.map { "\($0.key)=\"\($0.value)\"" }
            guard wanted.allSatisfy({ series.contains($0) }) else { continue }
            if labels.isEmpty && series.contains("{") { continue }
            return Double(line[line.index(after: space)...])
        }
        return nil
    }

    @Test func countsUpdatesRejectionsCommandsRepliesUpstreamAndCache() async throws {
        try await withWebhookBench { (bench) async throws in
            #expect(try await bench.post(messageUpdate(id: 1, chat: 10, text: "/start")) == 200)
            #expect(try await bench.post(messageUpdate(id: 2, chat: 11, text: "/price BTC")) == 200)
            _ = await bench.telegram.waitForCalls(2)  // the cache is filled before the next /price
            #expect(try await bench.post(messageUpdate(id: 3, chat: 12, text: "/price BTC")) == 200)
            #expect(try await bench.post(messageUpdate(id: 1, chat: 10, text: "/start")) == 200)  // redelivery
            #expect(try await bench.post(messageUpdate(id: 4, chat: 10, text: "/start"), secret: "wrong") == 401)
            #expect(try await bench.post(#"{"not":"an update"}"#) == 400)
            _ = await bench.telegram.waitForCalls(3)
            // Every update finished (its counts and duration recorded) before reading them.
            while bench.server.server.components.pipeline.depth > 0 { await Task.yield() }

            let answer = try await bench.client.request(bench.server.baseURL + "/metrics")
            #expect(answer.status == 200)
            let text = answer.body
            #expect(Self.sample(text, "crypto_assistant_updates_received_total") == 6)
            #expect(Self.sample(text, "crypto_assistant_updates_accepted_total") == 3)
            #expect(Self.sample(text, "crypto_assistant_updates_duplicate_total") == 1)
            #expect(Self.sample(text, "crypto_assistant_updates_rejected_total", ["reason": "unauthorized"]) == 1)
            #expect(Self.sample(text, "crypto_assistant_updates_rejected_total", ["reason": "malformed"]) == 1)
            #expect(Self.sample(text, "crypto_assistant_update_queue_depth") == 0)
            #expect(Self.sample(text, "crypto_assistant_command_duration_seconds_count", ["command": "start"]) == 1)
            #expect(Self.sample(text, "crypto_assistant_command_duration_seconds_count", ["command": "price"]) == 2)
            #expect(Self.sample(text, "crypto_assistant_replies_total", ["outcome": "sent"]) == 3)
            // The second /price was served from the cache the first one filled.
            #expect((Self.sample(text, "crypto_assistant_cache_requests_total", ["result": "hit"]) ?? 0) >= 1)
            #expect((Self.sample(text, "crypto_assistant_cache_requests_total", ["result": "miss"]) ?? 0) >= 1)
            // Every cache series is there from the start, whether or not it has counted yet.
            #expect(Self.sample(text, "crypto_assistant_cache_requests_total", ["result": "coalesced"]) != nil)
            let upstream = Self.sample(
                text, "crypto_assistant_upstream_requests_total", ["exchange": "binance", "status": "200"])
            #expect((upstream ?? 0) >= 1)
            #expect((Self.sample(text, "process_resident_memory_bytes") ?? 0) > 1_000_000)
            #expect((Self.sample(text, "crypto_assistant_uptime_seconds") ?? -1) >= 0)
            #expect(text.contains("# TYPE crypto_assistant_command_duration_seconds histogram"))
        }
    }

    @Test func tokenAndSeparatePortKeepMetricsOffTheWebhookListener() async throws {
        let token = "metrics-token-0123456789"
        try await withWebhookBench(
            .init(configure: { settings in
                settings.metricsToken = token
                settings.metricsPort = 0
            })
        ) { (bench) async throws in
            let port = await bench.server.server.metricsListeningPort()
            #expect(port > 0)
            #expect(try await bench.client.request(bench.server.baseURL + "/metrics").status == 404)
            let metricsURL = "http://127.0.0.1:\(port)/metrics"
            #expect(try await bench.client.request(metricsURL).status == 401)
            let wrong = try await bench.client.request(metricsURL, headers: [("Authorization", "Bearer nope")])
            #expect(wrong.status == 401)
            let right = try await bench.client.request(metricsURL, headers: [("Authorization", "Bearer \(token)")])
            #expect(right.status == 200)
            #expect(Self.sample(right.body, "crypto_assistant_updates_received_total") == 0)
        }
    }

    @Test func withoutATokenMetricsStayOffANonLoopbackListener() async throws {
        try await withWebhookBench(
            .init(configure: { settings in
                settings.metricsPort = 0
                settings.metricsHost = "0.0.0.0"
            })
        ) { (bench) async throws in
            let port = await bench.server.server.metricsListeningPort()
            let refused = try await bench.client.request("http://127.0.0.1:\(port)/metrics")
            #expect(refused.status == 403 && refused.body.contains("METRICS_TOKEN"))
            #expect(!refused.body.contains("crypto_assistant_"))
        }
        #expect(MetricsRoute.isLoopback("127.0.0.1") && MetricsRoute.isLoopback("::1"))
        #expect(!MetricsRoute.isLoopback("0.0.0.0") && !MetricsRoute.isLoopback("10.0.0.5"))
    }
}
