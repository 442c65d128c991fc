import AssistantTesting
import HTTPTypes
import MarketSimulator
import NIOHTTP1
import Testing

@testable import AssistantServer

/// The Telegram allow-list and `X-Forwarded-For` from trusted proxies only.
@Suite struct ClientAddressTests {
    @Test func rangesMatchTheirAddressesOnly() throws {
        let telegram = IPAddressRange.telegramWebhookSources
        #expect(telegram.count == 2)
        #expect(telegram.contains(address: "149.154.160.1"))
        #expect(telegram.contains(address: "149.154.175.254"))
        #expect(!telegram.contains(address: "149.154.176.1"))
        #expect(telegram.contains(address: "91.108.7.255"))
        #expect(!telegram.contains(address: "91.108.8.0"))
        #expect(telegram.contains(address: "::ffff:149.154.167.99"))  // IPv4 seen by a dual-stack socket
        #expect(!telegram.contains(address: "2001:db8::1"))
        #expect(!telegram.contains(address: "not an address"))
        #expect(try #require(IPAddressRange("2001:db8::/32")).contains("2001:db8:ffff::1"))
        #expect(try #require(IPAddressRange("::1")).contains("::1"))
        #expect(try #require(IPAddressRange("10.0.0.0/8")).contains("10.255.0.3"))
        for invalid in ["1.2.3.4/33", "1.2.3", "abc", "::1/129", "10.0.0.0/x", ""] {
            #expect(IPAddressRange(invalid) == nil, "\(invalid)")
        }
    }

    @Test func forwardedForCountsOnlyFromTrustedProxies() throws {
        let resolver = ClientAddressResolver(
            trustedProxies: ["127.0.0.1", "10.0.0.0/8"].compactMap(IPAddressRange.init))
        func headers(_ value: String) -> HTTPFields {
            var fields = HTTPFields()
            fields[HTTPField.Name("X-Forwarded-For")!] = value
            return fields
        }
        // nginx appended the real peer; whatever the client claimed before it does not count.
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: headers("149.154.167.99")) == "149.154.167.99")
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: headers("149.154.167.99, 8.8.8.8")) == "8.8.8.8")
        #expect(
            resolver.clientAddress(peer: "127.0.0.1", headers: headers("149.154.167.99, 10.1.2.3")) == "149.154.167.99")
        // A peer that is not a proxy is the client, whatever it says.
        #expect(resolver.clientAddress(peer: "8.8.4.4", headers: headers("149.154.167.99")) == "8.8.4.4")
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: HTTPFields()) == "127.0.0.1")
        let none = ClientAddressResolver(trustedProxies: [])
        #expect(none.clientAddress(peer: "127.0.0.1", headers: headers("149.154.167.99")) == "127.0.0.1")
    }

    @Test func allowListRefusesOthersWith403() async throws {
        try await withWebhookBench(
            .init(configure: { settings in
                settings.telegramIPAllowList = true
                settings.trustedProxies = [try! #require(IPAddressRange("127.0.0.1"))]
            })
        ) { (bench) async throws in
            func post(id: Int64, forwardedFor: String?) async throws -> Int {
                var headers = [("X-Telegram-Bot-Api-Secret-Token", testSecret), ("Content-Type", "application/json")]
                if let forwardedFor { headers.append(("X-Forwarded-For", forwardedFor)) }
                return try await bench.client.request(
                    bench.server.baseURL + "/telegram/webhook", method: .POST,
                    body: Array(messageUpdate(id: id, text: "/start").utf8), headers: headers
                ).status
            }
            #expect(try await post(id: 1, forwardedFor: nil) == 403)  // the proxy itself is not Telegram
            #expect(try await post(id: 2, forwardedFor: "8.8.8.8") == 403)
            #expect(try await post(id: 3, forwardedFor: "149.154.167.99, 8.8.8.8") == 403)
            #expect(try await post(id: 4, forwardedFor: "149.154.167.99") == 200)
            #expect(bench.counters.value(.rejectedForbidden) == 3)
            _ = await bench.telegram.waitForCalls(1)
        }

        // Without trusted proxies the header is ignored: a direct client cannot claim to be Telegram.
        let direct = try await WebhookBench.start(configure: { $0.telegramIPAllowList = true })
        let answer = try await direct.client.request(
            direct.server.baseURL + "/telegram/webhook", method: .POST,
            body: Array(messageUpdate(id: 5, text: "/start").utf8),
            headers: [
                ("X-Telegram-Bot-Api-Secret-Token", testSecret), ("X-Forwarded-For", "149.154.167.99"),
            ])
        #expect(answer.status == 403)
        try await direct.finish()
    }
}
