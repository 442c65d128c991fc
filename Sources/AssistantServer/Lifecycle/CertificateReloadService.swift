import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP re-reads `TLS_CERT_FILE` and `TLS_KEY_FILE` (systemd's `ExecReload`, certbot's
/// deploy hook). Without TLS the signal is still caught, so a reload never kills the process.
struct CertificateReloadService: Service {
    let certificates: CertificateStore?
    let signals: [UnixSignal]
    let logger: Logger

    func run() async throws {
        guard !signals.isEmpty else { return }
        for await _ in await UnixSignalsSequence(trapping: signals).cancelOnGracefulShutdown() {
            guard let certificates else {
                logger.notice("reload signal: no TLS certificate to reload (plain HTTP)")
                continue
            }
            do {
                try certificates.reload()
                logger.notice("TLS certificate reloaded", metadata: ["file": "\(certificates.certificateFile)"])
            } catch {
                logger.error("TLS certificate reload failed; the current one stays", metadata: ["error": "\(error)"])
            }
        }
    }
}
