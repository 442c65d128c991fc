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

/// `POST {WEBHOOK_PATH}`: checks the secret header, bounds and decodes the body, and hands
/// the update to the pipeline.
///
/// | condition | status |
/// |---|---|
/// | `TELEGRAM_IP_ALLOWLIST=true` and the client is outside Telegram's ranges | 403 |
/// | missing or wrong `X-Telegram-Bot-Api-Secret-Token` | 401, nothing read further |
/// | body over 1 MiB | 413 |
/// | not JSON, or not an Update | 400 |
/// | an update kind the bot does not handle | 200, empty, counted as ignored |
/// | queue full or shutting down | 503 with `Retry-After`, so Telegram redelivers |
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

    func handle(_ request: Request, context: some RemoteAddressRequestContext) async throws -> Response {
        counters.add(.received)
        if let allowedSources {
            let client = clientAddresses.clientAddress(of: request, context: context)
            guard let client, allowedSources.contains(address: client) else {
                counters.add(.rejectedForbidden)
                logger.info("webhook request from outside Telegram's ranges", metadata: ["client": "\(client ?? "-")"])
                return Self.plain(.forbidden, "forbidden")
            }
        }
        guard let header = request.headers[Self.secretHeader],
            WebhookSecret.matches(Array(header.utf8), secret: secret)
        else {
            counters.add(.rejectedUnauthorized)
            return Self.plain(.unauthorized, "unauthorized")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBodyBytes {
            counters.add(.rejectedTooLarge)
            return Self.plain(.contentTooLarge, "body over 1 MiB")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            counters.add(.rejectedTooLarge)
            return Self.plain(.contentTooLarge, "body over 1 MiB")
        }
        let update: Update
        do {
            update = try body.withUnsafeReadableBytes { try Update(json: $0) }
        } catch {
            counters.add(.rejectedMalformed)
            logger.info("webhook body is not an Update", metadata: ["bytes": "\(body.readableBytes)"])
            return Self.plain(.badRequest, "body is not a Telegram Update")
        }
        guard update.isHandledKind else {
            counters.add(.ignored)
            logger.debug(
                "update kind ignored", metadata: ["update_id": "\(update.updateID)", "kind": "\(update.kind)"])
            return Response(status: .ok)
        }
        switch await pipeline.submit(update, payload: Array(body.readableBytesView), waitingInline: waitsInline) {
        case .inlineReply(let method):
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: method.webhookResponseJSON())))
        case .accepted, .duplicate:
            return Response(status: .ok)
        case .overloaded:
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"])
        case .storeUnavailable:
            return Response(status: .internalServerError)
        }
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

extension Update {
    /// The kinds the dispatcher acts on or deliberately ignores with a reason (edits).
    var isHandledKind: Bool {
        message != nil || channelPost != nil || callbackQuery != nil
    }
}
