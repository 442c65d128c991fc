/// What Telegram checks in a request before it acts on it, for the methods whose checks are
/// more than a field or two; nil when the request passes, else the 400's description.
enum BotRequestCheck {
    /// An inline answer: an id, at most 50 results, each with an id of 1–64 bytes unique
    /// among them, a title, and message text that parses and fits.
    static func inlineAnswer(_ parameters: BotParameters) -> String? {
        guard let id = parameters.string("inline_query_id"), !id.isEmpty else { return "Bad Request: QUERY_ID_INVALID" }
        guard let results = parameters.array("results") else { return "Bad Request: RESULTS_INVALID" }
        guard results.count <= 50 else { return "Bad Request: RESULTS_TOO_MUCH" }
        var ids = Set<String>()
        for result in results {
            guard let resultID = result["id"]?.stringValue, (1...64).contains(resultID.utf8.count) else {
                return "Bad Request: RESULT_ID_INVALID"
            }
            guard ids.insert(resultID).inserted else { return "Bad Request: RESULT_ID_DUPLICATE" }
            guard result["type"]?.stringValue == "article", let title = result["title"]?.stringValue, !title.isEmpty
            else { return "Bad Request: RESULT_TYPE_INVALID" }
            guard let text = result["input_message_content"]?["message_text"]?.stringValue, !text.isEmpty else {
                return "Bad Request: MESSAGE_EMPTY"
            }
            let html = result["input_message_content"]?["parse_mode"]?.stringValue == "HTML"
            if html, let problem = TelegramHTML.problem(in: text) {
                return "Bad Request: can't parse entities: \(problem)"
            }
            guard TelegramHTML.visibleLength(text, html: html) <= 4096 else { return "Bad Request: MESSAGE_TOO_LONG" }
        }
        return nil
    }

    /// `setMyCommands`: a two-letter ISO 639-1 code or none, 1–100 commands of 1–32
    /// characters a–z, 0–9, _, descriptions of 1–256 characters.
    static func commandMenu(_ parameters: BotParameters) -> String? {
        let code = parameters.string("language_code") ?? ""
        guard code.isEmpty || (code.count == 2 && code.allSatisfy { $0.isASCII && $0.isLowercase }) else {
            return "Bad Request: invalid language code specified"
        }
        let menu = parameters.commandMenu()
        guard (1...100).contains(menu.count),
            menu.allSatisfy({
                (1...32).contains($0.command.count)
                    && $0.command.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
            })
        else { return "Bad Request: invalid command specified" }
        guard menu.allSatisfy({ (1...256).contains($0.description.count) }) else {
            return "Bad Request: command description is invalid"
        }
        return nil
    }
}
