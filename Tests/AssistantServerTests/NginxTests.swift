import AssistantTesting
import Foundation
import Testing

@testable import AssistantServer

/// nginx/ as shipped, rendered by `make nginx-config` for loopback and high ports, with real
/// nginx in front of `serve` (plain HTTP): HTTPS and HTTP/2 at nginx, the Telegram
/// allow-list, `/healthz` for the load balancer, the API rate limit, nothing else public.
@Suite struct NginxTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func nginxBinary() -> String? {
        ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A port for nginx to listen on, below the kernel's ephemeral range (32768 and up on
    /// Linux): every other server in the suite binds port 0 and is given an ephemeral port,
    /// so none of them can take this one between now and nginx's start (one did: nginx
    /// failed to bind, and the test talked to another server). `TestPostgres` picks from
    /// 20000–31999, so nginx takes 12000–19999. Nothing listens on it now.
    static func freePort() throws -> Int {
        while true {
            let port = Int.random(in: 12_000..<20_000)
            if (try? RawConnection(port: port)) == nil { return port }
        }
    }

    /// Connects until the port accepts (nginx has no "ready" line); bounded by a deadline.
    static func waitUntilListening(port: Int, within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if (try? RawConnection(port: port)) != nil { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("nothing listened on \(port) within \(limit)")
    }

    /// Connects until the port refuses (a server stopped); bounded by a deadline.
    static func waitUntilRefusing(port: Int, within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if (try? RawConnection(port: port)) == nil { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(port) still accepted connections after \(limit)")
    }

    /// Renders nginx/ with `make nginx-config` into `folder` (loopback, the test's values),
    /// lets 127.0.0.1 play Telegram and 127.0.0.2 an outsider, writes a main nginx.conf that
    /// includes `site` with every path inside `folder`, and checks it with `nginx -t`. Returns
    /// nginx's arguments for that configuration.
    static func renderAndCheck(site: String, in folder: String, nginx: String, values: [String]) async throws
        -> [String]
    {
        let rendered = try await runTool(
            [
                "make", "-s", "-C", repositoryRoot, "nginx-config", "NGINX_OUT=\(folder)",
                "NGINX_SERVER_NAME=localhost",
                "NGINX_RESOLVER=127.0.0.1", "NGINX_CONF_DIR=\(folder)",
            ] + values)
        try #require(rendered.status == 0, "\(rendered.output)")
        // The test's own rule: 127.0.0.2 plays an outsider, 127.0.0.1 plays Telegram.
        let allowFile = folder + "/telegram-allow.conf"
        let shipped = try String(contentsOfFile: allowFile, encoding: .utf8)
        try ("deny 127.0.0.2;\nallow 127.0.0.1;\n" + shipped).write(
            toFile: allowFile, atomically: true, encoding: .utf8)
        let main = """
            worker_processes 1;
            pid \(folder)/nginx.pid;
            events { worker_connections 128; }
            http {
                access_log \(folder)/access.log;
                client_body_temp_path \(folder)/body;
                proxy_temp_path \(folder)/proxy;
                fastcgi_temp_path \(folder)/fastcgi;
                uwsgi_temp_path \(folder)/uwsgi;
                scgi_temp_path \(folder)/scgi;
                include \(folder)/\(site);
            }
            """
        try main.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
        let base = ["-p", folder + "/", "-e", folder + "/error.log", "-c", folder + "/nginx.conf"]

        let check = try await runTool(base + ["-t"], executable: nginx)
        #expect(check.status == 0, "nginx -t \(site): \(check.output)")
        #expect(check.output.contains("syntax is ok"), "\(check.output)")
        return base
    }

    @Test func nginxTerminatesTLSAndAllowsOnlyTelegramsRangesOnTheWebhook() async throws {
        let nginx = try #require(Self.nginxBinary(), "nginx is not installed (apt-get install nginx; .ci/run does)")
        let folder = try TemporaryFolder()
        chmod(folder.path, 0o777)  // nginx workers run as nobody when started by root
        let (cert, key) = try await makeCertificate(in: folder.path)

        // The process: plain HTTP on loopback, trusting nginx's X-Forwarded-For.
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)
        settings.trustedProxies = [try #require(IPAddressRange("127.0.0.1"))]
        let server = try await RunningServer.start(settings)
        let upstream = try #require(server.baseURL.split(separator: "/").last.map(String.init))

        let httpsPort = try Self.freePort()
        let httpPort = try Self.freePort()
        let base = try await Self.renderAndCheck(
            site: "crypto-assistant.conf", in: folder.path, nginx: nginx,
            values: [
                "NGINX_HTTPS_LISTEN=127.0.0.1:\(httpsPort)", "NGINX_HTTP_LISTEN=127.0.0.1:\(httpPort)",
                "NGINX_UPSTREAM=\(upstream)", "NGINX_CERT_FILE=\(cert)", "NGINX_KEY_FILE=\(key)",
                "NGINX_CHAIN_FILE=\(cert)",
            ])

        // In the foreground, so that the test owns it and stops it.
        let proxy = try await ExecutableTests.Child(base + ["-g", "daemon off;"], environment: [:], executable: nginx)
        defer { kill(proxy.process.processIdentifier, SIGTERM) }
        try await Self.waitUntilListening(port: httpsPort)

        let url = "https://127.0.0.1:\(httpsPort)"
        let post = [
            "--http2", "--cacert", cert, "-H", "X-Telegram-Bot-Api-Secret-Token: \(testSecret)",
            "-H", "Content-Type: application/json",
        ]
        // "Telegram": through nginx over HTTP/2, the reply comes back inline.
        let answer = try await curl(
            post + ["--data", messageUpdate(id: 1, text: "/start")], url: url + "/telegram/webhook")
        #expect(answer.contains("HTTP/2 200"), "\(answer)")
        #expect(answer.contains(#""method":"sendMessage""#), "\(answer)")
        #expect(answer.contains("/price [SYMBOL]"), "\(answer)")
        // Over HTTP/1.1, as Telegram itself connects.
        let http1 = try await curl(
            [
                "--http1.1", "--cacert", cert, "-H", "X-Telegram-Bot-Api-Secret-Token: \(testSecret)", "--data",
                messageUpdate(id: 2, text: "/help"),
            ], url: url + "/telegram/webhook")
        #expect(http1.contains("HTTP/1.1 200"), "\(http1)")

        // An outsider: 403 from nginx, the process never sees it.
        let outsider = try await curl(
            post + ["--interface", "127.0.0.2", "--data", messageUpdate(id: 3, text: "/start")],
            url: url + "/telegram/webhook")
        #expect(outsider.contains("HTTP/2 403"), "\(outsider)")
        #expect(server.server.components.counters.value(.received) == 2)

        // The load balancer's check passes; metrics and anything else are not public.
        #expect(try await curl(["--http2", "--cacert", cert], url: url + "/healthz").contains("HTTP/2 200"))
        #expect(try await curl(["--http2", "--cacert", cert], url: url + "/metrics").contains("HTTP/2 404"))
        #expect(try await curl(["--cacert", cert], url: url + "/telegram/webhook").contains(" 403"))  // GET

        // Plain HTTP redirects to HTTPS.
        let redirect = try await curl([], url: "http://127.0.0.1:\(httpPort)/telegram/webhook")
        #expect(redirect.contains("301"), "\(redirect)")

        // The JSON API is rate-limited per client (5/s, burst 20): 40 sent at once, so that a
        // slow machine does not refill the bucket meanwhile, see about 20 pass and the rest 429.
        let burst = try await runTool([
            "curl", "-s", "--no-progress-meter", "--http2", "--parallel", "--parallel-max", "40", "--cacert", cert,
            "-o",
            folder.path + "/api_#1", "-w", "%{http_code}\\n", "\(url)/api/v1/price?n=[1-40]",
        ])
        let codes = burst.output.split(separator: "\n").map(String.init).filter {
            $0.count == 3 && $0.allSatisfy(\.isNumber)
        }
        #expect(codes.count == 40, "\(burst.output)")
        #expect(codes.filter { $0 == "429" }.count >= 10, "\(codes)")
        #expect(codes.filter { $0 != "429" }.count >= 20, "\(codes)")

        kill(proxy.process.processIdentifier, SIGTERM)
        #expect(await proxy.status() == 0, "\(proxy.output)")
        try await server.stop()
        withExtendedLifetime(folder) {}
    }

    /// nginx/crypto-assistant-replicas.conf: two replicas on one PostgreSQL behind one
    /// upstream. Both take updates, an update Telegram delivers twice is answered once
    /// whichever replica each copy reaches; when one stops, a refused connection goes to the
    /// other and every update is answered.
    @Test func replicasConfigSpreadsUpdatesAndFailsOverWhenAReplicaStops() async throws {
        let nginx = try #require(Self.nginxBinary(), "nginx is not installed (apt-get install nginx; .ci/run does)")
        let folder = try TemporaryFolder()
        chmod(folder.path, 0o777)  // nginx workers run as nobody when started by root
        let (cert, key) = try await makeCertificate(in: folder.path)

        let database = try DatabaseURL(parsing: try await TestPostgres.makeDatabase())
        var replicas: [RunningServer] = []
        for index in 1...2 {
            var settings = Settings.forTest(database: folder.path + "/replica-\(index).sqlite", simulator: nil)
            settings.databaseURL = database
            settings.instanceName = "replica-\(index)"
            settings.trustedProxies = [try #require(IPAddressRange("127.0.0.1"))]
            replicas.append(try await RunningServer.start(settings))
        }
        let client = try TestClient()
        for replica in replicas {
            #expect(await eventually { (try? await client.request(replica.baseURL + "/readyz").status) == 200 })
        }
        try await client.shutdown()
        var stopped = Set<Int>()
        try await afterwards({
            for (index, replica) in replicas.enumerated() where !stopped.contains(index) { try? await replica.stop() }
        }) {
            let upstreams = try replicas.map { try #require($0.baseURL.split(separator: "/").last.map(String.init)) }
            let httpsPort = try Self.freePort()
            let base = try await Self.renderAndCheck(
                site: "crypto-assistant-replicas.conf", in: folder.path, nginx: nginx,
                values: [
                    "NGINX_HTTPS_LISTEN=127.0.0.1:\(httpsPort)", "NGINX_HTTP_LISTEN=127.0.0.1:\(try Self.freePort())",
                    "NGINX_REPLICA_1=\(upstreams[0])", "NGINX_REPLICA_2=\(upstreams[1])", "NGINX_CERT_FILE=\(cert)",
                    "NGINX_KEY_FILE=\(key)", "NGINX_CHAIN_FILE=\(cert)",
                ])
            let rendered = try String(contentsOfFile: folder.path + "/crypto-assistant-replicas.conf", encoding: .utf8)
            #expect(rendered.contains("server \(upstreams[0]) max_fails=1 fail_timeout=5s;"))
            #expect(rendered.contains("proxy_next_upstream error timeout;"))
            // Never non_idempotent: a POST that reached a replica is not sent to a second one.
            let retries = rendered.split(separator: "\n").filter {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("proxy_next_upstream")
            }
            #expect(!retries.isEmpty && retries.allSatisfy { !$0.contains("non_idempotent") }, "\(retries)")

            let proxy = try await ExecutableTests.Child(
                base + ["-g", "daemon off;"], environment: [:], executable: nginx)
            try await afterwards({
                kill(proxy.process.processIdentifier, SIGTERM)
                _ = await proxy.status()
            }) {
                try await Self.waitUntilListening(port: httpsPort)
                let post = [
                    "--http1.1", "--cacert", cert, "-H", "X-Telegram-Bot-Api-Secret-Token: \(testSecret)",
                    "-H", "Content-Type: application/json",
                ]
                let url = "https://127.0.0.1:\(httpsPort)/telegram/webhook"
                for id in 1...6 {
                    // Each update twice, as Telegram redelivers: one answer carries the reply.
                    var replies = 0
                    for _ in 1...2 {
                        let answer = try await curl(
                            post + ["--data", messageUpdate(id: Int64(id), text: "/help")], url: url)
                        #expect(answer.contains("HTTP/1.1 200"), "\(answer)")
                        if answer.contains(#""method":"sendMessage""#) { replies += 1 }
                    }
                    #expect(replies == 1, "update \(id)")
                }
                // Round robin: each replica took some, and some of the copies were recognised.
                let received = replicas.map { $0.server.components.counters.value(.received) }
                #expect(received.allSatisfy { $0 > 0 } && received.reduce(0, +) == 12, "\(received)")
                #expect(replicas.map { $0.server.components.counters.value(.duplicate) }.reduce(0, +) == 6)

                // Replica 1 stops: its port refuses, and nginx sends everything to replica 2.
                // nginx may still hold an idle connection to replica 1 whose close it has not
                // read yet; a POST written to it gets 502 (never resent, as configured) and
                // is delivered again — as Telegram does with any answer but 2xx.
                try await replicas[0].stop()
                stopped.insert(0)
                try await Self.waitUntilRefusing(port: Int(upstreams[0].split(separator: ":").last ?? "") ?? 0)
                var redelivered = 0
                for id in 7...12 {
                    var answer = ""
                    for attempt in 1...3 {
                        answer = try await curl(
                            post + ["--data", messageUpdate(id: Int64(id), text: "/help")], url: url)
                        if answer.contains("HTTP/1.1 200") { break }
                        #expect(answer.contains("HTTP/1.1 502"), "\(answer)")
                        redelivered += attempt == 1 ? 1 : 0
                    }
                    #expect(answer.contains("HTTP/1.1 200") && answer.contains(#""method":"sendMessage""#), "\(answer)")
                }
                #expect(redelivered <= 1, "only a connection nginx held before the stop may fail")
                #expect(replicas[1].server.components.counters.value(.received) == received[1] + 6)
                #expect(
                    try await curl(["--cacert", cert], url: "https://127.0.0.1:\(httpsPort)/healthz").contains(" 200"))
            }
        }
        withExtendedLifetime(folder) {}
    }
}
