import TelegramBotAPI

/// Who administers a group, as Telegram says (`getChatMember`): in groups, an alert is
/// deleted by the one who set it or by an administrator.
public protocol ChatAdministrators: Sendable {
    /// Whether `userID` is the creator or an administrator of `chatID`; false when it
    /// cannot be told (the Bot API unreachable): deleting waits for a clear yes.
    func isAdministrator(_ userID: Int64, of chatID: Int64) async -> Bool
}

/// Who may delete an alert in a chat: anyone in a private chat (it is theirs); in a group,
/// the one who set it or an administrator; nobody without a sender (a channel post).
public struct AlertDeletePermission: Sendable {
    let administrators: (any ChatAdministrators)?

    public init(administrators: (any ChatAdministrators)?) {
        self.administrators = administrators
    }

    /// Whether `invocation`'s sender may delete `alert` (nil: every alert of the chat).
    func allows(_ invocation: CommandInvocation, alert: Alert?) async -> Bool {
        guard let chat = invocation.chat, !chat.isPrivate else { return true }
        guard let sender = invocation.sender else { return false }
        if let alert, alert.createdBy == sender.id { return true }
        // Without a bot token nobody can be asked about: as before, the chat decides.
        guard let administrators else { return true }
        return await administrators.isAdministrator(sender.id, of: chat.id)
    }
}
