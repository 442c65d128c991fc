/// Parameters of `answerCallbackQuery`: stops the button's loading spinner.
public struct AnswerCallbackQuery: Codable, Sendable, Equatable {
    public var callbackQueryID: String
    public var text: String?

    public init(callbackQueryID: String, text: String? = nil) {
        self.callbackQueryID = callbackQueryID
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case callbackQueryID = "callback_query_id"
        case text
    }
}
