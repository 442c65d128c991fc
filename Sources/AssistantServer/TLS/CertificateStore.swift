import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The certificate chain and key the TLS listener presents. Every handshake asks for the
/// current pair (NIOSSL's context callback), so replacing it takes effect for the next
/// connection while open ones keep theirs: a renewed certificate needs no restart.
public final class CertificateStore: Sendable {
    struct Pair: Sendable {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
    }

    public let certificateFile: String
    public let keyFile: String
    private let current: Mutex<Pair>

    /// Loads both files; a failure names the setting that points at the bad one.
    public init(certificateFile: String, keyFile: String) throws {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        current = Mutex(try Self.load(certificateFile: certificateFile, keyFile: keyFile))
    }

    var pair: Pair { current.withLock { $0 } }

    /// Reads the files again. On failure the pair in use stays and the error is thrown.
    public func reload() throws {
        let fresh = try Self.load(certificateFile: certificateFile, keyFile: keyFile)
        current.withLock { $0 = fresh }
    }

    /// The server configuration: TLS 1.2 or later, this pair, HTTP/2 then HTTP/1.1 by ALPN.
    func serverConfiguration() -> TLSConfiguration {
        let pair = pair
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: pair.chain.map { .certificate($0) }, privateKey: .privateKey(pair.key))
        tls.minimumTLSVersion = .tlsv12
        tls.sslContextCallback = { [self] _, promise in
            let pair = self.pair
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.chain.map { .certificate($0) }
            override.privateKey = .privateKey(pair.key)
            promise.succeed(override)
        }
        return tls
    }

    static func load(certificateFile: String, keyFile: String) throws -> Pair {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw SettingsError(
                name: "TLS_CERT_FILE", problem: "(\(certificateFile)) is not a readable PEM certificate")
        }
        guard !chain.isEmpty else {
            throw SettingsError(name: "TLS_CERT_FILE", problem: "(\(certificateFile)) holds no certificate")
        }
        do {
            return Pair(chain: chain, key: try NIOSSLPrivateKey(file: keyFile, format: .pem))
        } catch {
            throw SettingsError(name: "TLS_KEY_FILE", problem: "(\(keyFile)) is not a readable PEM private key")
        }
    }
}
