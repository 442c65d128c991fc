import ServiceLifecycle

/// The first service stopped: the moment shutdown starts, `/readyz` turns 503 and the
/// pipeline stops taking updates (the webhook answers 503, Telegram retries later).
struct ReadinessService: Service {
    let readiness: Readiness
    let pipeline: UpdatePipeline

    func run() async throws {
        try? await gracefulShutdown()
        readiness.markStopping()
        pipeline.stopIntake()
    }
}
