import HTTPTypes
import Hummingbird

/// Lets a request through only when it presents the shared secret, compared in constant
/// time: the webhook's `X-Telegram-Bot-Api-Secret-Token`, and `Authorization: Bearer …` for
/// the JSON API and `/metrics`. Nothing of the request is read further when it does not.
struct SharedSecretMiddleware<Context: RequestContext>: RouterMiddleware {
    enum Presentation: Sendable {
        /// `Authorization: Bearer <secret>`.
        case bearer
        /// The whole value of this header.
        case header(HTTPField.Name)
    }

    let secret: [UInt8]
    let presentation: Presentation
    /// What a request without the secret gets (thrown, so it is answered as that error).
    let refusal: @Sendable () -> any Error

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let presented = presented(in: request), WebhookSecret.matches(presented, secret: secret) else {
            throw refusal()
        }
        return try await next(request, context)
    }

    private func presented(in request: Request) -> [UInt8]? {
        switch presentation {
        case .bearer:
            guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else { return nil }
            return Array(value.utf8.dropFirst(7))
        case .header(let name):
            return request.headers[name].map { Array($0.utf8) }
        }
    }
}
