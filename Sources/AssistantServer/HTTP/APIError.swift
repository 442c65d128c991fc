import AssistantCore
import HTTPTypes
import Hummingbird
import MarketEngine

/// What the JSON API answers when a request cannot be: the status and a JSON body that
/// says why (`{"error": …}` and the facts of the case).
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let body: any Encodable & Sendable

    static let unauthorized = APIError(status: .unauthorized, body: ["error": "missing or wrong bearer token"])

    /// Bad query: 400. Unknown symbol: 404 with suggestions. An exchange that failed: 502
    /// naming it, with the failure as data. Anything else: 500, without detail.
    init(_ error: any Error) {
        switch error {
        case let error as ArgumentError:
            self.init(status: .badRequest, body: ["error": "\(error)"])
        case let failure as MarketFailure:
            switch failure.reason {
            case .unknownSymbol(let input, let suggestions):
                self.init(
                    status: .notFound,
                    body: UnknownSymbol(error: "unknown symbol", symbol: input, suggestions: suggestions))
            case .unexpected:
                self.init(status: .internalServerError, body: ["error": "internal error"])
            default:
                self.init(status: .badGateway, body: ExchangeFailure(failure))
            }
        default:
            self.init(status: .internalServerError, body: ["error": "internal error"])
        }
    }

    init(status: HTTPResponse.Status, body: any Encodable & Sendable) {
        self.status = status
        self.body = body
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIJSONEncoder().response(body, status: status)
    }

    struct UnknownSymbol: Encodable {
        var error: String
        var symbol: String
        var suggestions: [String]
    }

    /// The sentence and the exchange as before, and the failure as data beside them.
    struct ExchangeFailure: Encodable {
        var error: String
        var exchange: Exchange?
        var failure: MarketFailure

        init(_ failure: MarketFailure) {
            error = failure.description
            exchange = failure.exchange
            self.failure = failure
        }
    }
}

/// Answers whatever the API's handlers throw as an `APIError`, so that every answer of the
/// API is JSON.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            throw APIError(error)
        }
    }
}
