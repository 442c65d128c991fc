import Hummingbird
import NIOCore

/// `GET /api/v1/openapi.json`: the JSON API's contract (OpenAPI 3.1), behind the same bearer
/// token as the API. `openapi.json` at the repository's root is the source; `make docs`
/// embeds it (`OpenAPIDocument+Text.swift`), and `OpenAPIDocumentTests` fails until the two
/// agree and every route is in it.
enum OpenAPIDocument {
    static func register<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
