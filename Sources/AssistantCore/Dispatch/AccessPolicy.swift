import TelegramBotAPI

/// Who may run account commands. Deny by default: with no ids listed, nobody.
///
/// - A private chat is allowed when its id (which is the user's id) is listed.
/// - A group or supergroup is allowed when the group's id is listed **and** the sender's
///   user id is listed, so other members of an admin group are still refused.
/// - Channels never are: a channel post has no verifiable sender.
public struct AccessPolicy: Sendable {
    public let adminIDs: Set<Int64>

    public init(adminIDs: some Sequence<Int64>) {
        self.adminIDs = Set(adminIDs)
    }

    public static let denyAll = AccessPolicy(adminIDs: [])

    public func allows(chat: Chat?, sender: User?) -> Bool {
        guard let chat else { return false }
        if chat.isPrivate { return adminIDs.contains(chat.id) }
        if chat.isGroup, let sender { return adminIDs.contains(chat.id) && adminIDs.contains(sender.id) }
        return false
    }
}
