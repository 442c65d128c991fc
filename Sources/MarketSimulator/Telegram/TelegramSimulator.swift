import Foundation

/// The Bot API as Telegram runs it, reduced to what this bot calls: it checks the token,
/// validates `sendMessage` as Telegram does (length, HTML entities), keeps the webhook
/// registration, serves queued updates through `getUpdates` with real offset and long-poll
/// semantics, answers scripted faults (429 with `retry_after`, 5xx, 409), and records every
/// call for tests to read.
public actor TelegramSimulator {
    public struct RecordedCall: Sendable, Codable {
        public var method: String
        public var chatID: Int64?
        public var text: String?
        public var parseMode: String?
        /// `disable_notification` as Telegram reads it (true: delivered without a sound);
        /// nil when the call did not send it.
        public var disableNotification: Bool?
        /// The parameters as JSON text (multipart fields turned into a JSON object).
        public var parameters: String
        /// Milliseconds since the simulator started.
        public var atMilliseconds: Int64
        /// The HTTP status the simulator answered.
        public var status: Int

        enum CodingKeys: String, CodingKey {
            case method
            case chatID = "chat_id"
            case text
            case parseMode = "parse_mode"
            case disableNotification = "disable_notification"
            case parameters
            case atMilliseconds = "at_ms"
            case status
        }
    }

    /// A scripted answer for the next call of a method.
    public struct Fault: Sendable, Codable {
        public var method: String
        public var status: Int
        public var retryAfter: Int?
        public var description: String?
        /// Raw body instead of a Bot API envelope (a proxy's HTML error page, garbage).
        public var body: String?
        public var count: Int
        /// Wait this long before answering; with status 200 the answer is the normal one.
        public var delayMilliseconds: Int?
        /// Only calls to this chat (nil: any).
        public var chatID: Int64?
        /// `parameters.migrate_to_chat_id`: the group became this supergroup.
        public var migrateToChatID: Int64?

        public init(
            method: String, status: Int, retryAfter: Int? = nil, description: String? = nil, body: String? = nil,
            count: Int = 1, delayMilliseconds: Int? = nil, chatID: Int64? = nil, migrateToChatID: Int64? = nil
        ) {
            self.chatID = chatID
            self.migrateToChatID = migrateToChatID
            self.method = method
            self.status = status
            self.retryAfter = retryAfter
            self.description = description
            self.body = body
            self.count = count
            self.delayMilliseconds = delayMilliseconds
        }

        enum CodingKeys: String, CodingKey {
            case method, status, description, body, count
            case retryAfter = "retry_after"
            case delayMilliseconds = "delay_ms"
            case chatID = "chat_id"
            case migrateToChatID = "migrate_to_chat_id"
        }
    }

    public struct WebhookRegistration: Sendable {
        public var url: String
        public var secretToken: String?
        public var maxConnections: Int
        public var allowedUpdates: [String]
        public var certificate: String?
    }

    public struct Answer: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    public let token: String
    public let botUser: (id: Int64, username: String)
    private let started = ContinuousClock.now
    private var calls: [RecordedCall] = []
    private var faults: [Fault] = []
    private var administrators: [Int64: Set<Int64>] = [:]
    private var queued: [(id: Int64, json: [UInt8])] = []
    private var pollWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var callWaiters: [Int: (count: Int, method: String?, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var nextWaiter = 0
    /// Long polls ended by a newer getUpdates: they answer 409, as Telegram's do.
    private var terminatedPolls: Set<Int> = []
    public private(set) var webhook: WebhookRegistration?
    /// The command menus `setMyCommands` registered, by `language_code` ("" for everyone
    /// else): each command with its description.
    public private(set) var commandMenus: [String: [MenuEntry]] = [:]
    /// One entry of a command menu.
    public struct MenuEntry: Sendable, Equatable {
        public var command: String
        public var description: String
    }

    /// The default menu's command names.
    public var commands: [String] { commandMenus[""]?.map(\.command) ?? [] }

    public init(token: String, botID: Int64 = 7_000_000_001, botUsername: String = "MarketAssistDemoBot") {
        self.token = token
        self.botUser = (botID, botUsername)
    }

    // MARK: Test and control API

    public func recorded(method: String? = nil) -> [RecordedCall] {
        calls.filter { method == nil || $0.method == method }
    }

    /// Waits until at least `count` calls (of `method`, if given) were answered with 200, or
    /// until `timeout`; returns those calls either way. The timeout is generous because the
    /// whole suite shares two cores in CI (a retry's backoff can take seconds longer there);
    /// a wait that is satisfied returns at once.
    public func waitForCalls(_ count: Int, method: String? = "sendMessage", timeout: Duration = .seconds(30)) async
        -> [RecordedCall]
    {
        if successful(method).count < count {
            nextWaiter += 1
            let id = nextWaiter
            let timer = Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                self.callWaiters.removeValue(forKey: id)?.continuation.resume()
            }
            await withCheckedContinuation { callWaiters[id] = (count, method, $0) }
            timer.cancel()
        }
        return successful(method)
    }

    private func successful(_ method: String?) -> [RecordedCall] {
        calls.filter { (method == nil || $0.method == method) && $0.status == 200 }
    }

    private func releaseCallWaiters() {
        for (id, waiter) in callWaiters where successful(waiter.method).count >= waiter.count {
            callWaiters.removeValue(forKey: id)
            waiter.continuation.resume()
        }
    }

    /// Makes `userIDs` the administrators of `chatID` (`getChatMember` says "member" for
    /// everyone else).
    public func setAdministrators(_ userIDs: Set<Int64>, of chatID: Int64) {
        administrators[chatID] = userIDs
    }

    public func inject(_ fault: Fault) {
        faults.append(fault)
    }

    /// Forgets scripted faults (the Bot API "recovers"); recorded calls stay.
    public func clearFaults() {
        faults.removeAll()
    }

    /// Queues an update for `getUpdates` (as Telegram holds them while no webhook is set).
    public func enqueue(updateJSON: [UInt8]) throws {
        struct Head: Decodable {
            let updateID: Int64
            enum CodingKeys: String, CodingKey { case updateID = "update_id" }
        }
        let id = try JSONDecoder().decode(Head.self, from: Data(updateJSON)).updateID
        queued.append((id, updateJSON))
        let waiters = pollWaiters.values
        pollWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    public var pendingUpdateCount: Int { queued.count }

    public func reset() {
        calls.removeAll()
        faults.removeAll()
        queued.removeAll()
        webhook = nil
    }

    public var elapsedMilliseconds: Int64 {
        let elapsed = ContinuousClock.now - started
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    // MARK: Bot API

    /// Answers `POST /bot<token>/<method>`.
    public func handle(token: String, method: String, contentType: String?, body: [UInt8]) async -> Answer {
        guard token == self.token else {
            return error(401, "Unauthorized")
        }
        let parameters: BotParameters
        do {
            parameters = try BotParameters(contentType: contentType, body: body)
        } catch {
            return record(method, BotParameters.empty, answer: self.error(400, "Bad Request: can't parse request body"))
        }
        let chat = parameters.int("chat_id")
        if let index = faults.firstIndex(where: { $0.method == method && ($0.chatID == nil || $0.chatID == chat) }) {
            let fault = faults[index]
            faults[index].count -= 1
            if faults[index].count <= 0 { faults.remove(at: index) }
            if let delay = fault.delayMilliseconds { try? await Task.sleep(for: .milliseconds(delay)) }
            if fault.status == 200 { return record(method, parameters, answer: await answer(method, parameters)) }
            let answer =
                fault.body.map { Answer(status: fault.status, body: Array($0.utf8)) }
                ?? error(
                    fault.status, fault.description ?? Self.defaultDescription(fault.status, fault.retryAfter),
                    retryAfter: fault.retryAfter, migrateToChatID: fault.migrateToChatID)
            return record(method, parameters, answer: answer)
        }
        return record(method, parameters, answer: await answer(method, parameters))
    }

    /// Checks an uploaded photo as Telegram does: a chat, a `photo` file part of an image
    /// type and at most 10 MB (a PNG must start with PNG's signature), a caption of at most
    /// 1024 characters that parses.
    private func sendPhoto(_ parameters: BotParameters) -> Answer {
        guard let chatID = parameters.int("chat_id") else { return error(400, "Bad Request: chat_id is empty") }
        guard let photo = parameters.upload("photo"), !photo.bytes.isEmpty else {
            return error(400, "Bad Request: there is no photo in the request")
        }
        guard photo.bytes.count <= 10 * 1024 * 1024 else { return error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS") }
        guard let type = photo.contentType?.lowercased(), type == "image/png" || type == "image/jpeg" else {
            return error(400, "Bad Request: wrong file type")
        }
        if type == "image/png", !photo.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return error(400, "Bad Request: IMAGE_PROCESS_FAILED")
        }
        if let caption = parameters.string("caption") {
            let html = parameters.string("parse_mode") == "HTML"
            if html, let problem = TelegramHTML.problem(in: caption) {
                return error(400, "Bad Request: can't parse entities: \(problem)")
            }
            guard TelegramHTML.visibleLength(caption, html: html) <= 1024 else {
                return error(400, "Bad Request: message caption is too long")
            }
        }
        lastPhotos[chatID] = photo.bytes
        return ok(#"{"message_id":\#(calls.count + 1),"date":0,"chat":{"id":\#(chatID),"type":"private"},"photo":[]}"#)
    }

    /// The last picture sent to each chat (tests look at it).
    public private(set) var lastPhotos: [Int64: [UInt8]] = [:]

    private func answerInlineQuery(_ parameters: BotParameters) -> Answer {
        if let problem = BotRequestCheck.inlineAnswer(parameters) { return error(400, problem) }
        return ok("true")
    }

    private func answer(_ method: String, _ parameters: BotParameters) async -> Answer {
        switch method {
        case "getChatMember":
            guard let chatID = parameters.int("chat_id"), let userID = parameters.int("user_id") else {
                return error(400, "Bad Request: chat_id or user_id is empty")
            }
            let status = administrators[chatID]?.contains(userID) == true ? "administrator" : "member"
            return ok(#"{"status":"\#(status)","user":{"id":\#(userID),"is_bot":false,"first_name":"Member"}}"#)
        case "getMe":
            return ok(
                #"{"id":\#(botUser.id),"is_bot":true,"first_name":"Market Assist","username":"\#(botUser.username)"}"#)
        case "sendMessage":
            guard let chatID = parameters.int("chat_id") else { return error(400, "Bad Request: chat_id is empty") }
            guard let text = parameters.string("text"), !text.isEmpty else {
                return error(400, "Bad Request: message text is empty")
            }
            if parameters.string("parse_mode") == "HTML", let problem = TelegramHTML.problem(in: text) {
                return error(400, "Bad Request: can't parse entities: \(problem)")
            }
            guard TelegramHTML.visibleLength(text, html: parameters.string("parse_mode") == "HTML") <= 4096 else {
                return error(400, "Bad Request: message is too long")
            }
            let escapedText = String(decoding: (try? JSONEncoder().encode(text)) ?? Data(), as: UTF8.self)
            return ok(
                #"{"message_id":\#(calls.count + 1),"date":\#(Int(Date().timeIntervalSince1970)),"chat":{"id":\#(chatID),"type":"private"},"text":\#(escapedText)}"#
            )
        case "sendChatAction", "answerCallbackQuery", "editMessageText":
            return ok("true")
        case "answerInlineQuery":
            return answerInlineQuery(parameters)
        case "sendPhoto":
            return sendPhoto(parameters)
        case "setWebhook":
            guard let url = parameters.string("url") else {
                return error(400, "Bad Request: bad webhook: URL is empty")
            }
            if url.isEmpty {
                webhook = nil
                return ok("true", description: "Webhook was deleted")
            }
            guard url.hasPrefix("https://") else {
                return error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            }
            if let secret = parameters.string("secret_token"), !(1...256).contains(secret.count) {
                return error(400, "Bad Request: secret token is invalid")
            }
            webhook = WebhookRegistration(
                url: url, secretToken: parameters.string("secret_token"),
                maxConnections: parameters.int("max_connections").map(Int.init) ?? 40,
                allowedUpdates: parameters.stringArray("allowed_updates") ?? [],
                certificate: parameters.file("certificate"))
            if parameters.bool("drop_pending_updates") == true { queued.removeAll() }
            return ok("true", description: "Webhook was set")
        case "deleteWebhook":
            webhook = nil
            if parameters.bool("drop_pending_updates") == true { queued.removeAll() }
            return ok("true", description: "Webhook was deleted")
        case "getWebhookInfo":
            let url = webhook?.url ?? ""
            let allowed = (webhook?.allowedUpdates ?? []).map { "\"\($0)\"" }.joined(separator: ",")
            return ok(
                #"{"url":"\#(url)","has_custom_certificate":\#(webhook?.certificate != nil),"pending_update_count":\#(queued.count),"max_connections":\#(webhook?.maxConnections ?? 40),"allowed_updates":[\#(allowed)]}"#
            )
        case "setMyCommands":
            if let problem = BotRequestCheck.commandMenu(parameters) { return error(400, problem) }
            let code = parameters.string("language_code") ?? ""
            let menu = parameters.commandMenu()
            commandMenus[code] = menu
            return ok("true")
        case "getUpdates":
            if webhook != nil {
                return error(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
                )
            }
            return await getUpdates(
                offset: parameters.int("offset"), limit: Int(parameters.int("limit") ?? 100),
                timeout: Int(parameters.int("timeout") ?? 0))
        default:
            return error(404, "Not Found")
        }
    }

    private func getUpdates(offset: Int64?, limit: Int, timeout: Int) async -> Answer {
        // Only one consumer per token: a long poll still waiting is ended by this one with
        // 409 (a second poller process, as Telegram tells it).
        for id in pollWaiters.keys {
            terminatedPolls.insert(id)
            releasePollWaiter(id)
        }
        // An update counts as confirmed once getUpdates is called with a higher offset.
        if let offset, offset > 0 { queued.removeAll { $0.id < offset } }
        if queued.isEmpty && timeout > 0 {
            nextWaiter += 1
            let id = nextWaiter
            let timer = Task {
                guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return }
                self.releasePollWaiter(id)
            }
            await withCheckedContinuation { pollWaiters[id] = $0 }
            timer.cancel()
            if terminatedPolls.remove(id) != nil {
                return error(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
            }
        }
        let batch = queued.prefix(max(1, min(limit, 100)))
        let items = batch.map { String(decoding: $0.json, as: UTF8.self) }.joined(separator: ",")
        return ok("[\(items)]")
    }

    private func releasePollWaiter(_ id: Int) {
        pollWaiters.removeValue(forKey: id)?.resume()
    }

    private func record(_ method: String, _ parameters: BotParameters, answer: Answer) -> Answer {
        calls.append(
            RecordedCall(
                method: method, chatID: parameters.int("chat_id"),
                text: parameters.string("text") ?? parameters.string("caption"),
                parseMode: parameters.string("parse_mode"),
                disableNotification: parameters.bool("disable_notification"), parameters: parameters.json,
                atMilliseconds: elapsedMilliseconds, status: answer.status))
        releaseCallWaiters()
        return answer
    }

    private func ok(_ result: String, description: String? = nil) -> Answer {
        let extra = description.map { #","description":"\#($0)""# } ?? ""
        return Answer(status: 200, body: Array(#"{"ok":true,"result":\#(result)\#(extra)}"#.utf8))
    }

    private func error(_ code: Int, _ description: String, retryAfter: Int? = nil, migrateToChatID: Int64? = nil)
        -> Answer
    {
        let fields = [
            retryAfter.map { #""retry_after":\#($0)"# }, migrateToChatID.map { #""migrate_to_chat_id":\#($0)"# },
        ]
        .compactMap { $0 }
        let parameters = fields.isEmpty ? "" : #","parameters":{\#(fields.joined(separator: ","))}"#
        let quoted = String(decoding: (try? JSONEncoder().encode(description)) ?? Data(), as: UTF8.self)
        return Answer(
            status: code,
            body: Array(#"{"ok":false,"error_code":\#(code),"description":\#(quoted)\#(parameters)}"#.utf8))
    }

    static func defaultDescription(_ status: Int, _ retryAfter: Int?) -> String {
        switch status {
        case 429: "Too Many Requests: retry after \(retryAfter ?? 1)"
        case 409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
        case 403: "Forbidden: bot was blocked by the user"
        case 400: "Bad Request"
        default: "Internal Server Error"
        }
    }
}
