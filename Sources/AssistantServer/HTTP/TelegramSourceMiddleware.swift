import Hummingbird
import Logging

/// `TELEGRAM_IP_ALLOWLIST=true`: only clients in Telegram's published ranges reach the
/// webhook (the client as `ClientAddressResolver` finds it behind trusted proxies); others
/// get 403 before their secret header or body is looked at.
struct TelegramSourceMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let allowedSources: [IPAddressRange]
    let clientAddresses: ClientAddressResolver
    let counters: PipelineCounters
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let client = clientAddresses.clientAddress(of: request, context: context)
        guard let client, allowedSources.contains(address: client) else {
            counters.add(.rejectedForbidden)
            logger.info("webhook request from outside Telegram's ranges", metadata: ["client": "\(client ?? "-")"])
            throw PlainTextError(status: .forbidden, text: "forbidden")
        }
        return try await next(request, context)
    }
}
