/// Decoding of `Update` and the types inside it straight from JSON bytes with
/// `JSONScanner`: the same fields, optionality and errors as their `Codable` conformances,
/// in one pass and without building a tree first. Each type lists the member names it
/// reads; `field(_:in:seen:)` gives a name's position there the first time it appears.
extension Update {
    /// Decodes an update from the JSON as Telegram sent it.
    public init(json: UnsafeRawBufferPointer) throws {
        var scanner = JSONScanner(json)
        self = try Update(from: &scanner)
        try scanner.finish()
    }

    public init(json: [UInt8]) throws {
        self = try json.withUnsafeBytes { try Update(json: $0) }
    }

    /// The `update_id` of a body that is a well-formed JSON object with an integer
    /// `update_id`, whatever its other members hold: an update whose fields this version
    /// cannot read is acknowledged and skipped rather than refused (Telegram redelivers a
    /// refused update until it gives up, holding back the chat's later ones).
    public static func updateID(json: UnsafeRawBufferPointer) throws -> Int64 {
        var scanner = JSONScanner(json)
        // Skipped strings are not decoded, so their UTF-8 is checked here (JSON is UTF-8).
        guard String(validating: json, as: UTF8.self) != nil else { throw scanner.failure("invalid UTF-8") }
        var updateID: Int64?
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            if scanner.matches(key, "update_id") { updateID = try scanner.readInt64() } else { try scanner.skipValue() }
        }
        try scanner.finish()
        guard let updateID else { throw scanner.failure("update_id missing") }
        return updateID
    }

    private static let fields: [StaticString] = [
        "update_id", "message", "edited_message", "channel_post", "edited_channel_post", "callback_query",
        "inline_query",
    ]

    init(from scanner: inout JSONScanner) throws {
        var updateID: Int64?
        var messages: [Message?] = [nil, nil, nil, nil]  // message, edited, channel post, edited post
        var callbackQuery: CallbackQuery?
        var inlineQuery: InlineQuery?
        var kind: String?
        var seen: UInt32 = 0
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            let field = scanner.field(key, in: Self.fields, seen: &seen)
            if field != 0, kind == nil { kind = scanner.name(of: key) }
            switch field {
            case 0: updateID = try scanner.readInt64()
            case 1, 2, 3, 4: messages[field! - 1] = try scanner.readNull() ? nil : Message(from: &scanner)
            case 5: callbackQuery = try scanner.readNull() ? nil : CallbackQuery(from: &scanner)
            case 6: inlineQuery = try scanner.readNull() ? nil : InlineQuery(from: &scanner)
            default: try scanner.skipValue()
            }
        }
        guard let updateID else { throw scanner.failure("update_id missing") }
        self.init(
            updateID: updateID, message: messages[0], editedMessage: messages[1], channelPost: messages[2],
            editedChannelPost: messages[3], callbackQuery: callbackQuery, inlineQuery: inlineQuery,
            kind: kind ?? "empty")
    }
}

extension Message {
    private static let fields: [StaticString] = [
        "message_id", "chat", "text", "from", "date", "entities", "message_thread_id", "sender_chat",
        "is_topic_message",
    ]

    init(from scanner: inout JSONScanner) throws {
        var messageID: Int64?
        var messageThreadID: Int64?
        var from: User?
        var senderChat: Chat?
        var date: Int64?
        var chat: Chat?
        var text: String?
        var entities: [MessageEntity]?
        var isTopicMessage: Bool?
        var seen: UInt32 = 0
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            switch scanner.field(key, in: Self.fields, seen: &seen) {
            case 0: messageID = try scanner.readInt64()
            case 1: chat = try Chat(from: &scanner)
            case 2: text = try scanner.readNull() ? nil : scanner.readString()
            case 3: from = try scanner.readNull() ? nil : User(from: &scanner)
            case 4: date = try scanner.readInt64()
            case 5:
                guard try !scanner.readNull() else { continue }
                var list: [MessageEntity] = []
                try scanner.readArray { list.append(try MessageEntity(from: &$0)) }
                entities = list
            case 6: messageThreadID = try scanner.readNull() ? nil : scanner.readInt64()
            case 7: senderChat = try scanner.readNull() ? nil : Chat(from: &scanner)
            case 8: isTopicMessage = try scanner.readNull() ? nil : scanner.readBool()
            default: try scanner.skipValue()
            }
        }
        guard let messageID, let date, let chat else { throw scanner.failure("message_id, date or chat missing") }
        self.init(
            messageID: messageID, messageThreadID: messageThreadID, from: from, senderChat: senderChat, date: date,
            chat: chat, text: text, entities: entities, isTopicMessage: isTopicMessage)
    }
}

extension MessageEntity {
    private static let fields: [StaticString] = ["type", "offset", "length"]

    init(from scanner: inout JSONScanner) throws {
        var type: String?
        var offset: Int?
        var length: Int?
        var seen: UInt32 = 0
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            switch scanner.field(key, in: Self.fields, seen: &seen) {
            case 0: type = try scanner.readString()
            case 1: offset = try scanner.readInt()
            case 2: length = try scanner.readInt()
            default: try scanner.skipValue()
            }
        }
        guard let type, let offset, let length else { throw scanner.failure("entity type, offset or length missing") }
        self.init(type: type, offset: offset, length: length)
    }
}

extension User {
    private static let fields: [StaticString] = [
        "id", "is_bot", "first_name", "last_name", "username", "language_code",
    ]

    init(from scanner: inout JSONScanner) throws {
        var id: Int64?
        var isBot: Bool?
        var names: [String?] = [nil, nil, nil, nil]  // first, last, username, language code
        var seen: UInt32 = 0
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            switch scanner.field(key, in: Self.fields, seen: &seen) {
            case 0: id = try scanner.readInt64()
            case 1: isBot = try scanner.readNull() ? nil : scanner.readBool()
            case let field? where field >= 2: names[field - 2] = try scanner.readNull() ? nil : scanner.readString()
            default: try scanner.skipValue()
            }
        }
        guard let id else { throw scanner.failure("user id missing") }
        self.init(
            id: id, isBot: isBot, firstName: names[0], lastName: names[1], username: names[2], languageCode: names[3])
    }
}

extension Chat {
    private static let fields: [StaticString] = ["id", "type", "title", "username", "first_name"]

    init(from scanner: inout JSONScanner) throws {
        var id: Int64?
        var type: String?
        var names: [String?] = [nil, nil, nil]  // title, username, first name
        var seen: UInt32 = 0
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            switch scanner.field(key, in: Self.fields, seen: &seen) {
            case 0: id = try scanner.readInt64()
            case 1: type = try scanner.readNull() ? nil : scanner.readString()
            case let field? where field >= 2: names[field - 2] = try scanner.readNull() ? nil : scanner.readString()
            default: try scanner.skipValue()
            }
        }
        guard let id else { throw scanner.failure("chat id missing") }
        self.init(
            id: id, type: type ?? Chat.assumedType(id: id), title: names[0], username: names[1], firstName: names[2])
    }
}

extension CallbackQuery {
    private static let fields: [StaticString] = [
        "id", "from", "message", "data", "inline_message_id", "chat_instance",
    ]

    init(from scanner: inout JSONScanner) throws {
        var id: String?
        var from: User?
        var message: Message?
        var texts: [String?] = [nil, nil, nil]  // data, inline message id, chat instance
        var seen: UInt32 = 0
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            switch scanner.field(key, in: Self.fields, seen: &seen) {
            case 0: id = try scanner.readIdentifier()
            case 1: from = try User(from: &scanner)
            case 2: message = try scanner.readNull() ? nil : Message(from: &scanner)
            case let field? where field >= 3: texts[field - 3] = try scanner.readNull() ? nil : scanner.readString()
            default: try scanner.skipValue()
            }
        }
        guard let id, let from else { throw scanner.failure("callback id or from missing") }
        self.init(
            id: id, from: from, message: message, inlineMessageID: texts[1], chatInstance: texts[2], data: texts[0])
    }
}

extension InlineQuery {
    private static let fields: [StaticString] = ["id", "from", "query", "offset"]

    init(from scanner: inout JSONScanner) throws {
        var id: String?
        var from: User?
        var query: String?
        var offset: String?
        var seen: UInt32 = 0
        var cursor = try scanner.beginObject()
        while let key = try scanner.nextKey(&cursor) {
            switch scanner.field(key, in: Self.fields, seen: &seen) {
            case 0: id = try scanner.readIdentifier()
            case 1: from = try User(from: &scanner)
            case 2: query = try scanner.readString()
            case 3: offset = try scanner.readString()
            default: try scanner.skipValue()
            }
        }
        guard let id, let from, let query else { throw scanner.failure("inline query id, from or query missing") }
        self.init(id: id, from: from, query: query, offset: offset ?? "")
    }
}
