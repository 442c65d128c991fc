/// The JSON of each Bot API call, written with `JSONWriter`: the same members as the
/// types' `Codable` conformances.
extension BotMethod {
    /// Writes the call's parameters, with `"method"` first when it is a webhook reply.
    func writeJSON(into writer: inout JSONWriter, withMethodName: Bool) {
        writer.object { writer in
            if withMethodName { writer.member("method", name) }
            switch self {
            case .sendMessage(let m): m.writeMembers(into: &writer)
            case .answerCallbackQuery(let m): m.writeMembers(into: &writer)
            case .sendChatAction(let m): m.writeMembers(into: &writer)
            case .editMessageText(let m): m.writeMembers(into: &writer)
            case .answerInlineQuery(let m): m.writeMembers(into: &writer)
            case .sendPhoto(let m): m.writeMembers(into: &writer)
            }
        }
    }
}

extension SendMessage {
    func writeMembers(into writer: inout JSONWriter) {
        writer.member("chat_id", chatID)
        writer.member("message_thread_id", messageThreadID)
        writer.member("text", text)
        writer.member("parse_mode", parseMode)
        if let replyMarkup { writer.member("reply_markup") { replyMarkup.writeJSON(into: &$0) } }
        if let linkPreviewOptions {
            writer.member("link_preview_options") { writer in
                writer.object { $0.member("is_disabled", linkPreviewOptions.isDisabled) }
            }
        }
        writer.member("disable_notification", disableNotification)
    }
}

extension AnswerCallbackQuery {
    func writeMembers(into writer: inout JSONWriter) {
        writer.member("callback_query_id", callbackQueryID)
        writer.member("text", text)
    }
}

extension SendChatAction {
    func writeMembers(into writer: inout JSONWriter) {
        writer.member("chat_id", chatID)
        writer.member("message_thread_id", messageThreadID)
        writer.member("action", action)
    }
}

extension EditMessageText {
    func writeMembers(into writer: inout JSONWriter) {
        writer.member("chat_id", chatID)
        writer.member("message_id", messageID)
        writer.member("text", text)
        writer.member("parse_mode", parseMode)
        if let replyMarkup { writer.member("reply_markup") { replyMarkup.writeJSON(into: &$0) } }
    }
}

extension SendPhoto {
    /// Everything but the picture, which only a multipart upload carries.
    func writeMembers(into writer: inout JSONWriter) {
        writer.member("chat_id", chatID)
        writer.member("message_thread_id", messageThreadID)
        writer.member("caption", caption)
        writer.member("parse_mode", parseMode)
        if let replyMarkup { writer.member("reply_markup") { replyMarkup.writeJSON(into: &$0) } }
    }
}

extension AnswerInlineQuery {
    func writeMembers(into writer: inout JSONWriter) {
        writer.member("inline_query_id", inlineQueryID)
        writer.member("results") { writer in
            writer.array(results) { writer, result in
                writer.object { writer in
                    writer.member("type", result.type)
                    writer.member("id", result.id)
                    writer.member("title", result.title)
                    writer.member("description", result.description)
                    writer.member("input_message_content") { writer in
                        writer.object { writer in
                            writer.member("message_text", result.messageText)
                            writer.member("parse_mode", result.parseMode)
                        }
                    }
                }
            }
        }
        writer.member("cache_time", cacheTime.map(Int64.init))
        writer.member("is_personal", isPersonal)
    }
}

extension InlineKeyboardMarkup {
    func writeJSON(into writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("inline_keyboard") { writer in
                writer.array(inlineKeyboard) { writer, row in
                    writer.array(row) { writer, button in
                        writer.object { writer in
                            writer.member("text", button.text)
                            writer.member("callback_data", button.callbackData)
                        }
                    }
                }
            }
        }
    }
}
