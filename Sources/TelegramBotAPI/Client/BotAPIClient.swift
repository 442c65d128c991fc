import AsyncHTTPClient
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Bot API methods the bot uses, over one shared AsyncHTTPClient.
///
/// The token is part of every URL (`/bot<token>/method`), so nothing here puts a URL into
/// an error or a log line.
public struct BotAPIClient: Sendable {
    public static let publicAPIURL = "https://api.telegram.org"

    private let http: HTTPClient
    private let baseURL: String
    private let token: String
    public var requestTimeout: TimeAmount

    public init(
        httpClient: HTTPClient, baseURL: String = publicAPIURL, token: String, requestTimeout: TimeAmount = .seconds(15)
    ) {
        self.http = httpClient
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.requestTimeout = requestTimeout
    }

    // MARK: Methods

    public func getMe() async throws -> User {
        try await call("getMe", json: Array("{}".utf8), as: User.self)
    }

    /// Sends one reply call and ignores its result (a `Message` or `true`).
    public func perform(_ method: BotMethod) async throws {
        if case .sendPhoto(let photo) = method {
            var form = MultipartFormBody()
            form.append(name: "chat_id", value: String(photo.chatID))
            if let thread = photo.messageThreadID { form.append(name: "message_thread_id", value: String(thread)) }
            if let caption = photo.caption { form.append(name: "caption", value: caption) }
            if let parseMode = photo.parseMode { form.append(name: "parse_mode", value: parseMode) }
            if let markup = photo.replyMarkup {
                var writer = JSONWriter()
                markup.writeJSON(into: &writer)
                form.append(name: "reply_markup", value: String(decoding: writer.bytes, as: UTF8.self))
            }
            form.appendFile(name: "photo", filename: "chart.png", contentType: "image/png", data: photo.photo)
            _ = try await call(method.name, body: form.finished, contentType: form.contentType, as: IgnoredResult.self)
            return
        }
        _ = try await call(method.name, json: method.parametersJSON(), as: IgnoredResult.self)
    }

    /// Long-polls for updates. An item that does not decode is returned as `nil` with its id,
    /// so the caller can still move the offset past it.
    public func getUpdates(offset: Int64?, timeout: Int, limit: Int = 100, allowedUpdates: [String]) async throws
        -> [PolledUpdate]
    {
        struct Parameters: Encodable {
            var offset: Int64?
            var timeout: Int
            var limit: Int
            var allowedUpdates: [String]

            enum CodingKeys: String, CodingKey {
                case offset, timeout, limit
                case allowedUpdates = "allowed_updates"
            }
        }
        let body = try encode(
            Parameters(offset: offset, timeout: timeout, limit: limit, allowedUpdates: allowedUpdates))
        return try await call(
            "getUpdates", json: body, as: [PolledUpdate].self,
            timeout: .seconds(Int64(timeout)) + requestTimeout)
    }

    /// Registers the webhook. With a certificate the call is sent as multipart/form-data,
    /// the only way Telegram accepts an uploaded certificate.
    public func setWebhook(_ request: SetWebhookRequest) async throws {
        if let certificate = request.certificatePEM {
            var form = MultipartFormBody()
            form.append(name: "url", value: request.url)
            form.append(name: "secret_token", value: request.secretToken)
            form.append(name: "max_connections", value: String(request.maxConnections))
            form.append(name: "drop_pending_updates", value: request.dropPendingUpdates ? "true" : "false")
            form.append(
                name: "allowed_updates", value: String(decoding: try encode(request.allowedUpdates), as: UTF8.self))
            if let ip = request.ipAddress { form.append(name: "ip_address", value: ip) }
            form.appendFile(
                name: "certificate", filename: "certificate.pem", contentType: "application/x-pem-file",
                data: certificate)
            _ = try await call("setWebhook", body: form.finished, contentType: form.contentType, as: Bool.self)
        } else {
            _ = try await call("setWebhook", json: try encode(request), as: Bool.self)
        }
    }

    public func deleteWebhook(dropPendingUpdates: Bool) async throws {
        let body = Array(#"{"drop_pending_updates":\#(dropPendingUpdates)}"#.utf8)
        _ = try await call("deleteWebhook", json: body, as: Bool.self)
    }

    /// A member's status in a chat (`creator`, `administrator`, `member`, `restricted`,
    /// `left`, `kicked`).
    public func getChatMemberStatus(chatID: Int64, userID: Int64) async throws -> String {
        struct Parameters: Encodable {
            let chatID: Int64
            let userID: Int64
            enum CodingKeys: String, CodingKey {
                case chatID = "chat_id"
                case userID = "user_id"
            }
        }
        struct Member: Decodable { let status: String }
        return try await call(
            "getChatMember", json: try encode(Parameters(chatID: chatID, userID: userID)), as: Member.self
        ).status
    }

    public func getWebhookInfo() async throws -> WebhookInfo {
        try await call("getWebhookInfo", json: Array("{}".utf8), as: WebhookInfo.self)
    }

    /// The command menu for users whose Telegram is set to `languageCode` (a two-letter
    /// ISO 639-1 code), or for everyone else when it is nil.
    public func setMyCommands(_ commands: [BotCommand], languageCode: String? = nil) async throws {
        struct Parameters: Encodable {
            var commands: [BotCommand]
            var languageCode: String?

            enum CodingKeys: String, CodingKey {
                case commands
                case languageCode = "language_code"
            }
        }
        _ = try await call(
            "setMyCommands", json: try encode(Parameters(commands: commands, languageCode: languageCode)),
            as: Bool.self)
    }

    // MARK: Transport

    public func call<Result: Decodable>(
        _ method: String, json: [UInt8], as type: Result.Type, timeout: TimeAmount? = nil
    ) async throws -> Result {
        try await call(method, body: json, contentType: "application/json", as: type, timeout: timeout)
    }

    func call<Result: Decodable>(
        _ method: String, body: [UInt8], contentType: String, as type: Result.Type, timeout: TimeAmount? = nil
    ) async throws -> Result {
        var request = HTTPClientRequest(url: "\(baseURL)/bot\(token)/\(method)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "User-Agent", value: "crypto-assistant")
        request.body = .bytes(ByteBuffer(bytes: body))

        let status: Int
        let buffer: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: timeout ?? requestTimeout)
            status = Int(response.status.code)
            buffer = try await response.body.collect(upTo: 16 << 20)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .cancelled {
            throw CancellationError()
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            throw BotAPIError(method: method, kind: .timeout)
        } catch {
            throw BotAPIError(method: method, kind: .transport(scrub(String(describing: error))))
        }

        let envelope: BotAPIResponse<Result>
        do {
            envelope = try JSONDecoder().decode(BotAPIResponse<Result>.self, from: Data(buffer.readableBytesView))
        } catch {
            throw BotAPIError(method: method, kind: .badResponse(status: status))
        }
        guard envelope.ok, let result = envelope.result else {
            throw BotAPIError(
                method: method,
                kind: .api(
                    code: envelope.errorCode ?? status,
                    description: scrub(envelope.description ?? "no description"),
                    retryAfter: envelope.parameters?.retryAfter),
                migrateToChatID: envelope.parameters?.migrateToChatID)
        }
        return result
    }

    private func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    private func scrub(_ text: String) -> String {
        guard !token.isEmpty, text.contains(token) else { return text }
        return text.split(separator: token, omittingEmptySubsequences: false).joined(separator: "<token>")
    }
}

/// A `getUpdates` item: the update, or just its id when the rest did not decode.
public struct PolledUpdate: Decodable, Sendable {
    public var updateID: Int64
    public var update: Update?

    private enum Key: String, CodingKey { case updateID = "update_id" }

    public init(from decoder: any Decoder) throws {
        self.updateID = try decoder.container(keyedBy: Key.self).decode(Int64.self, forKey: .updateID)
        self.update = try? Update(from: decoder)
    }
}

/// Results the bot does not read (a sent `Message`, `true`).
struct IgnoredResult: Decodable {
    init(from decoder: any Decoder) throws {}
}
