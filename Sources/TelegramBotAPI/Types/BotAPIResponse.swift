/// The envelope of every Bot API answer: `ok` with a `result`, or an error description
/// with `error_code` and, for flood control, `parameters.retry_after`.
public struct BotAPIResponse<Result: Decodable>: Decodable {
    public var ok: Bool
    public var result: Result?
    public var errorCode: Int?
    public var description: String?
    public var parameters: ResponseParameters?

    enum CodingKeys: String, CodingKey {
        case ok
        case result
        case errorCode = "error_code"
        case description
        case parameters
    }
}

public struct ResponseParameters: Codable, Sendable, Equatable {
    public var retryAfter: Int?
    public var migrateToChatID: Int64?

    public init(retryAfter: Int? = nil, migrateToChatID: Int64? = nil) {
        self.retryAfter = retryAfter
        self.migrateToChatID = migrateToChatID
    }

    enum CodingKeys: String, CodingKey {
        case retryAfter = "retry_after"
        case migrateToChatID = "migrate_to_chat_id"
    }
}
