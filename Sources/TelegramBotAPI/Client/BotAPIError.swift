/// Why a Bot API call failed. Descriptions never contain the bot token: the client scrubs
/// it from anything that came from the transport.
public struct BotAPIError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Telegram answered `ok: false`.
        case api(code: Int, description: String, retryAfter: Int?)
        /// Something answered that is not a Bot API envelope (a proxy's 502 page, garbage).
        case badResponse(status: Int)
        /// No answer: refused, reset, DNS, TLS.
        case transport(String)
        case timeout
    }

    public var method: String
    public var kind: Kind
    /// The group became a supergroup with this id (`parameters.migrate_to_chat_id`): the
    /// call is to be made again there.
    public var migrateToChatID: Int64?

    public init(method: String, kind: Kind, migrateToChatID: Int64? = nil) {
        self.method = method
        self.kind = kind
        self.migrateToChatID = migrateToChatID
    }

    /// True when the same call may succeed later: flood control, server errors, no answer.
    public var isRetryable: Bool {
        switch kind {
        case .api(let code, _, _): code == 429 || code >= 500
        case .badResponse(let status): status >= 500 || status == 429 || status == 0
        case .transport, .timeout: true
        }
    }

    /// Telegram's `retry_after`, when it sent one.
    public var retryAfterSeconds: Int? {
        if case .api(_, _, let retryAfter) = kind { return retryAfter }
        return nil
    }

    /// The HTTP-like code for 409 and friends, when Telegram sent one.
    public var errorCode: Int? {
        switch kind {
        case .api(let code, _, _): code
        case .badResponse(let status): status
        default: nil
        }
    }

    public var description: String {
        switch kind {
        case .api(let code, let description, _): "Bot API \(method) failed: \(code) \(description)"
        case .badResponse(let status): "Bot API \(method) answered HTTP \(status) without a Bot API body"
        case .transport(let reason): "Bot API \(method) unreachable: \(reason)"
        case .timeout: "Bot API \(method) timed out"
        }
    }
}
