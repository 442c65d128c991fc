import ServiceLifecycle

/// Turns `/readyz` to 503 the moment shutdown starts (it is the first service stopped).
struct ReadinessService: Service {
    let readiness: Readiness

    func run() async throws {
        try? await gracefulShutdown()
        readiness.markStopping()
    }
}
