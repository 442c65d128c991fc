import AssistantTesting
import Foundation
import NIOHTTP1
import Testing

@testable import AssistantServer

/// A renewed certificate is served to new connections without a restart, and connections
/// opened before the reload keep working.
@Suite struct CertificateReloadTests {
    /// Replaces the files the way certbot does: new files renamed over the old ones.
    static func install(_ source: (cert: String, key: String), as target: (cert: String, key: String)) throws {
        try #require(rename(source.key, target.key) == 0, "rename: \(errno)")
        try #require(rename(source.cert, target.cert) == 0, "rename: \(errno)")
    }

    @Test func reloadServesTheNewCertificateAndKeepsOpenConnections() async throws {
        let folder = try TemporaryFolder()
        let live = try await makeCertificate(in: folder.path)
        let oldPEM = try String(contentsOfFile: live.cert, encoding: .utf8)
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)
        settings.tlsCertFile = live.cert
        settings.tlsKeyFile = live.key
        let server = try await RunningServer.start(settings)

        let before = try TestClient(trusting: oldPEM)
        #expect(try await before.request(server.baseURL + "/healthz").status == 200)

        let renewedFolder = folder.path + "/renewed"
        try FileManager.default.createDirectory(atPath: renewedFolder, withIntermediateDirectories: true)
        let renewed = try await makeCertificate(in: renewedFolder)
        let newPEM = try String(contentsOfFile: renewed.cert, encoding: .utf8)
        #expect(newPEM != oldPEM)
        try Self.install(renewed, as: live)
        try #require(server.server.certificates).reload()

        // The HTTP/2 connection made before the reload is reused: still fine.
        #expect(try await before.request(server.baseURL + "/healthz").status == 200)
        // A new connection gets the new certificate: a client trusting only the old one fails…
        let stale = try TestClient(trusting: oldPEM)
        await #expect(throws: (any Error).self) { try await stale.request(server.baseURL + "/healthz") }
        // …and one trusting the new one succeeds.
        let after = try TestClient(trusting: newPEM)
        #expect(try await after.request(server.baseURL + "/healthz").status == 200)

        // A broken file on reload keeps the certificate in use.
        try "not a certificate".write(toFile: live.cert, atomically: true, encoding: .utf8)
        #expect(throws: SettingsError.self) { try server.server.certificates?.reload() }
        let stillNew = try TestClient(trusting: newPEM)
        #expect(try await stillNew.request(server.baseURL + "/healthz").status == 200)

        for client in [before, stale, after, stillNew] { try await client.shutdown() }
        try await server.stop()
        withExtendedLifetime(folder) {}
    }
}
