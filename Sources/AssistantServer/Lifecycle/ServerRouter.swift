import AssistantCore
import Hummingbird
import Logging
import MarketEngine

/// Every route of the main listener, as one function of the parts it answers from, so that
/// tests drive it in memory (HummingbirdTesting's `.router`) with no socket: the webhook,
/// `/healthz` and `/readyz`, the JSON API and its OpenAPI document when `API_TOKEN` is set,
/// and `/metrics` when it has no port of its own (`metrics` non-nil).
enum ServerRouter {
    static func make(
        settings: Settings, webhookSecret: String, pipeline: UpdatePipeline, readiness: Readiness,
        engine: MarketEngine, accounts: AccountService, metrics: MetricsRoute?, counters: PipelineCounters,
        logger: Logger
    ) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        WebhookRoute(
            secret: Array(webhookSecret.utf8), pipeline: pipeline,
            waitsInline: AppComponents.inlineBudget(settings) != nil,
            allowedSources: settings.telegramIPAllowList ? IPAddressRange.telegramWebhookSources : nil,
            clientAddresses: ClientAddressResolver(trustedProxies: settings.trustedProxies),
            counters: counters, logger: logger
        ).register(on: router, path: settings.webhookPath)
        HealthRoutes(readiness: readiness, version: AppVersion.current).register(on: router)
        if let token = settings.apiToken {
            let api = router.group("/api/v1")
                .add(middleware: APIErrorMiddleware())
                .add(
                    middleware: SharedSecretMiddleware(
                        secret: Array(token.utf8), presentation: .bearer, refusal: { APIError.unauthorized }))
            MarketAPIRoutes(engine: engine).register(on: api)
            if settings.apiAccountEndpoints {
                AccountAPIRoutes(service: accounts).register(on: api)
            }
            OpenAPIDocument.register(on: api)
        }
        metrics?.register(on: router, listenHost: settings.listenHost)
        return router
    }
}
