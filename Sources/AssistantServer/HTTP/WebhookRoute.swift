import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `POST {WEBHOOK_PATH}`: the source and the secret header are checked by middleware on the
/// route's group (`TelegramSourceMiddleware`, `SharedSecretMiddleware`); the handler bounds
/// and decodes the body and hands the update to the pipeline.
///
/// | condition | status |
/// |---|---|
/// | `TELEGRAM_IP_ALLOWLIST=true` and the client is outside Telegram's ranges | 403 |
/// | missing or wrong `X-Telegram-Bot-Api-Secret-Token` | 401, nothing read further |
/// | body over 1 MiB | 413 |
/// | not JSON, or not an Update | 400 |
/// | an update kind the bot does not handle | 200, empty, counted as ignored |
/// | queue full or shutting down | 503 with `Retry-After: 1`, so Telegram redelivers |
/// | the journal cannot be written (database down) | 503 with `Retry-After: 2`; never 200 |
/// | accepted | 200, with the reply as a Bot API call when it was ready in time |
struct WebhookRoute: Sendable {
    static let secretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!
    static let maxBodyBytes = 1 << 20

    let secret: [UInt8]
    let pipeline: UpdatePipeline
    /// Whether a request waits (up to the pipeline's inline budget) to carry its reply.
    let waitsInline: Bool
    /// Nil: any source (the secret header is still required).
    let allowedSources: [IPAddressRange]?
    let clientAddresses: ClientAddressResolver
    let counters: PipelineCounters
    let logger: Logger

    /// `POST path` behind its checks: counted, then the source (with the allow-list), then
    /// the secret header.
    func register<Context: RemoteAddressRequestContext>(on router: Router<Context>, path: String) {
        let group = router.group(RouterPath(path))
        group.add(middleware: CountingMiddleware(counters: counters, counter: .received))
        if let allowedSources {
            group.add(
                middleware: TelegramSourceMiddleware(
                    allowedSources: allowedSources, clientAddresses: clientAddresses, counters: counters,
                    logger: logger))
        }
        let counters = counters
        group.add(
            middleware: SharedSecretMiddleware(
                secret: secret, presentation: .header(Self.secretHeader),
                refusal: {
                    counters.add(.rejectedUnauthorized)
                    return PlainTextError(status: .unauthorized, text: "unauthorized")
                }))
        group.post { request, _ in try await self.handle(request) }
    }

    func handle(_ request: Request) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBodyBytes {
            counters.add(.rejectedTooLarge)
            throw PlainTextError(status: .contentTooLarge, text: "body over 1 MiB")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            counters.add(.rejectedTooLarge)
            throw PlainTextError(status: .contentTooLarge, text: "body over 1 MiB")
        }
        let update: Update
        do {
            update = try body.withUnsafeReadableBytes { try Update(json: $0) }
        } catch {
            if let id = try? body.withUnsafeReadableBytes({ try Update.updateID(json: $0) }) {
                counters.add(.skippedUnreadable)
                logger.warning(
                    "update skipped: a field has an unexpected shape",
                    metadata: ["update_id": "\(id)", "error": "\(error)"])
                return Response(status: .ok)
            }
            counters.add(.rejectedMalformed)
            logger.info("webhook body is not an Update", metadata: ["bytes": "\(body.readableBytes)"])
            throw PlainTextError(status: .badRequest, text: "body is not a Telegram Update")
        }
        guard update.isHandledKind else {
            counters.add(.ignored)
            logger.debug(
                "update kind ignored", metadata: ["update_id": "\(update.updateID)", "kind": "\(update.kind)"])
            return Response(status: .ok)
        }
        switch await pipeline.submit(update, payload: Array(body.readableBytesView), waitingInline: waitsInline) {
        case .inlineReply(let method), .shed(notice: let method?):
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: method.webhookResponseJSON())))
        case .accepted, .duplicate, .shed(notice: nil):
            return Response(status: .ok)
        case .overloaded:
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"])
        case .storeUnavailable:
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "2"])
        }
    }
}

extension Update {
    /// The kinds the dispatcher acts on or deliberately ignores with a reason (edits).
    var isHandledKind: Bool {
        message != nil || channelPost != nil || callbackQuery != nil || inlineQuery != nil
    }
}
