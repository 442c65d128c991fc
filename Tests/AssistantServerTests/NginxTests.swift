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

    /// A port nothing listens on right now (the kernel's pick for an ephemeral bind),
    /// released at once for nginx to take.
    static func freePort() throws -> Int {
        try RefusingPort().port
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
        let rendered = try await runTool([
            "make", "-s", "-C", Self.repositoryRoot, "nginx-config", "NGINX_OUT=\(folder.path)",
            "NGINX_SERVER_NAME=localhost", "NGINX_HTTPS_LISTEN=127.0.0.1:\(httpsPort)",
            "NGINX_HTTP_LISTEN=127.0.0.1:\(httpPort)", "NGINX_UPSTREAM=\(upstream)", "NGINX_CERT_FILE=\(cert)",
            "NGINX_KEY_FILE=\(key)", "NGINX_CHAIN_FILE=\(cert)", "NGINX_RESOLVER=127.0.0.1",
            "NGINX_CONF_DIR=\(folder.path)",
        ])
        try #require(rendered.status == 0, "\(rendered.output)")
        // The test's own rule: 127.0.0.2 plays an outsider, 127.0.0.1 plays Telegram.
        let allowFile = folder.path + "/telegram-allow.conf"
        let shipped = try String(contentsOfFile: allowFile, encoding: .utf8)
        try ("deny 127.0.0.2;\nallow 127.0.0.1;\n" + shipped).write(
            toFile: allowFile, atomically: true, encoding: .utf8)
        let main = """
            worker_processes 1;
            pid \(folder.path)/nginx.pid;
            events { worker_connections 128; }
            http {
                access_log \(folder.path)/access.log;
                client_body_temp_path \(folder.path)/body;
                proxy_temp_path \(folder.path)/proxy;
                fastcgi_temp_path \(folder.path)/fastcgi;
                uwsgi_temp_path \(folder.path)/uwsgi;
                scgi_temp_path \(folder.path)/scgi;
                include \(folder.path)/crypto-assistant.conf;
            }
            """
        try main.write(toFile: folder.path + "/nginx.conf", atomically: true, encoding: .utf8)
        let base = ["-p", folder.path + "/", "-e", folder.path + "/error.log", "-c", folder.path + "/nginx.conf"]

        let check = try await runTool(base + ["-t"], executable: nginx)
        #expect(check.status == 0, "nginx -t: \(check.output)")
        #expect(check.output.contains("syntax is ok"), "\(check.output)")

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
}
