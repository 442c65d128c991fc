import HTTPTypes
import Hummingbird
import NIOCore

/// A refusal answered as one line of text (the webhook's 401/403/413/400, `/metrics`' 401).
struct PlainTextError: HTTPResponseError {
    let status: HTTPResponse.Status
    let text: String
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
