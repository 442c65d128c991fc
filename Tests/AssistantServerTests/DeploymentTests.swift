import AssistantTesting
import Foundation
import Testing

@testable import AssistantServer

/// deploy/: what can be checked without systemd running or a Docker engine.
@Suite struct DeploymentTests {
    static let systemdAnalyze = "/usr/bin/systemd-analyze"

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: NginxTests.repositoryRoot + "/" + path, encoding: .utf8)
    }

    /// Every setting `config check` reports is in README's table, so the two cannot drift.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: systemdAnalyze)))
    func systemdUnitVerifiesCleanly() async throws {
        let unit = try Self.read("deploy/crypto-assistant.service")
        for line in [
            "ExecStart=/usr/local/bin/crypto-assistant serve", "ExecReload=/bin/kill -HUP $MAINPID",
            "Restart=on-failure", "RestartPreventExitStatus=78", "MemoryMax=", "DynamicUser=yes",
            "StateDirectory=crypto-assistant", "ProtectSystem=strict", "NoNewPrivileges=yes",
            "LoadCredential=TELEGRAM_BOT_TOKEN:", "LoadCredential=WEBHOOK_SECRET:",
            "Environment=DATABASE_PATH=/var/lib/crypto-assistant/",
        ] {
            #expect(unit.contains(line), "the unit lacks \(line)")
        }
        // Stopping waits longer than the drain (SHUTDOWN_GRACE_S, 20 s by default).
        #expect(unit.contains("TimeoutStopSec=30"))

        // systemd-analyze checks that ExecStart exists: point it at the built binary.
        let folder = try TemporaryFolder()
        let installed = unit.replacingOccurrences(
            of: "/usr/local/bin/crypto-assistant", with: ExecutableTests.binary)
        try installed.write(toFile: folder.path + "/crypto-assistant.service", atomically: true, encoding: .utf8)
        let verified = try await runTool([Self.systemdAnalyze, "verify", folder.path + "/crypto-assistant.service"])
        #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")

        // The check has teeth: a misspelt value is reported.
        let broken = installed.replacingOccurrences(of: "ProtectSystem=strict", with: "ProtectSystem=strictest")
        try broken.write(toFile: folder.path + "/broken.service", atomically: true, encoding: .utf8)
        let refused = try await runTool([Self.systemdAnalyze, "verify", folder.path + "/broken.service"])
        #expect(
            refused.output.contains("broken.service:") && refused.output.contains("Failed to parse"),
            "\(refused.output)")
    }

    @Test func ciInstallsEveryPackageTheMakefileNeeds() throws {
        let makefile = try Self.read("Makefile")
        let line = try #require(makefile.split(separator: "\n").first { $0.hasPrefix("APT_PACKAGES") })
        let needed = line.split(separator: "=", maxSplits: 1)[1].split(separator: " ").map(String.init)
        #expect(needed.contains("nginx"))
        #expect(needed.contains("postgresql"), "the PostgreSQL tests start their own server from the package")
        let ci = try Self.read(".ci/run")
        for package in needed {
            #expect(ci.contains(" \(package)"), ".ci/run does not install \(package)")
        }
    }

    @Test func containerRecipeBuildsStaticRunsUnprivilegedAndChecksHealth() throws {
        let dockerfile = try Self.read("deploy/Dockerfile")
        let makefile = try Self.read("Makefile")
        // The image's binary is built as `make release` builds it.
        let build = "swift build -c release --product crypto-assistant --static-swift-stdlib -Xlinker -s"
        #expect(dockerfile.contains(build))
        #expect(
            makefile.contains("$(SWIFT) build -c release --product crypto-assistant --static-swift-stdlib -Xlinker -s"))
        #expect(dockerfile.components(separatedBy: "\nFROM ").count == 3, "two stages")
        #expect(dockerfile.contains("FROM debian:bookworm-slim"))
        #expect(dockerfile.contains("\nUSER crypto-assistant\n"))
        #expect(dockerfile.contains(#"HEALTHCHECK"#) && dockerfile.contains(#"CMD ["crypto-assistant", "health"]"#))
        // The packages the runtime stage installs are the ones `make release-check` allows.
        #expect(dockerfile.contains("libsqlite3-0") && makefile.contains("libsqlite3*)"))
        let compose = try Self.read("deploy/compose.yaml")
        #expect(compose.contains("dockerfile: deploy/Dockerfile"))
        #expect(compose.contains("/etc/nginx/templates/crypto-assistant.conf.template"))
        // Every value the nginx template needs is given to the nginx container.
        let template = try Self.read("nginx/crypto-assistant.conf")
        let needed = Set(template.matches(of: /\$\{(NGINX_[A-Z_]+)\}/).map { String($0.1) })
        #expect(needed.count >= 9)
        for name in needed { #expect(compose.contains("      \(name):"), "compose.yaml does not set \(name)") }
    }

    @Test func replicasComposeRunsTwoReplicasOnOnePostgreSQLBehindNginx() throws {
        let compose = try Self.read("deploy/compose.replicas.yaml")
        #expect(compose.contains("dockerfile: deploy/Dockerfile"))
        // PostgreSQL, checked before the replicas start.
        #expect(compose.contains("image: postgres:15"))
        #expect(compose.contains("pg_isready"))
        #expect(compose.contains("condition: service_healthy"))
        #expect(compose.contains("DATABASE_URL: postgres://crypto_assistant:${POSTGRES_PASSWORD"))
        #expect(compose.contains("@postgres:5432/crypto_assistant?sslmode=disable"))
        for replica in 1...2 {
            #expect(compose.contains("\n  crypto-assistant-\(replica):\n    <<: *replica\n"))
            #expect(compose.contains("INSTANCE_NAME: replica-\(replica)"))
            #expect(compose.contains("NGINX_REPLICA_\(replica): crypto-assistant-\(replica):8080"))
        }
        #expect(compose.contains("GET /readyz"), "replicas are checked for readiness, not only liveness")
        #expect(compose.contains("../nginx/crypto-assistant-replicas.conf:/etc/nginx/templates/"))

        // Every variable the replicas are given is a setting the server reads.
        let known = Set(SettingsTable.settings.flatMap(\.names))
        let block = try #require(compose.firstRange(of: "x-replica-environment: &replica-environment\n"))
        let variables = compose[block.upperBound...].split(separator: "\n").prefix { $0.hasPrefix("  ") }
            .filter { !$0.hasPrefix("  #") }.compactMap { $0.split(separator: ":").first }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(variables.contains("DATABASE_URL") && variables.contains("TRUSTED_PROXIES"), "\(variables)")
        for name in variables + ["INSTANCE_NAME"] { #expect(known.contains(name), "\(name) is not a setting") }

        // Every value the nginx template needs is given to the nginx container.
        let template = try Self.read("nginx/crypto-assistant-replicas.conf")
        let needed = Set(template.matches(of: /\$\{(NGINX_[A-Z0-9_]+)\}/).map { String($0.1) })
        #expect(needed.isSuperset(of: ["NGINX_REPLICA_1", "NGINX_REPLICA_2", "NGINX_SERVER_NAME"]))
        #expect(!needed.contains("NGINX_UPSTREAM"))
        for name in needed { #expect(compose.contains("      \(name):"), "compose.replicas.yaml does not set \(name)") }
    }

    /// The replicas' container health check (bash over /dev/tcp: the image has no curl) run
    /// against a real server: 200 from /readyz passes, a port with nothing behind it fails.
    @Test func replicasReadinessCheckPassesOnAReadyServerAndFailsOnNone() async throws {
        let compose = try Self.read("deploy/compose.replicas.yaml")
        // The folded command after `- >-`, its lines joined with spaces as YAML folds them.
        let start = try #require(compose.firstRange(of: "      - >-\n"))
        let script = compose[start.upperBound...].split(separator: "\n").prefix { $0.hasPrefix("        ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(script.contains("/dev/tcp/127.0.0.1/8080"), "\(script)")

        let folder = try TemporaryFolder()
        try await withServer(Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)) { server, _ in
            let port = try #require(server.baseURL.split(separator: ":").last)
            let ready = try await runTool(
                ["bash", "-c", script.replacingOccurrences(of: "127.0.0.1/8080", with: "127.0.0.1/\(port)")])
            #expect(ready.status == 0, "\(ready.output)")
        }
        let refusing = try RefusingPort()
        let none = try await runTool(
            ["bash", "-c", script.replacingOccurrences(of: "127.0.0.1/8080", with: "127.0.0.1/\(refusing.port)")])
        #expect(none.status != 0)
    }
}
