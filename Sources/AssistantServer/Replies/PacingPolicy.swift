/// Telegram's send limits as `SendPacer` applies them: an interval between messages and a
/// burst allowance, per private chat, per group and for the bot as a whole.
public struct PacingPolicy: Sendable {
    public var chatInterval: Duration
    public var chatBurst: Int
    public var groupInterval: Duration
    public var groupBurst: Int
    public var globalInterval: Duration
    public var globalBurst: Int

    public init(
        chatInterval: Duration, chatBurst: Int, groupInterval: Duration, groupBurst: Int,
        globalInterval: Duration, globalBurst: Int
    ) {
        self.chatInterval = chatInterval
        self.chatBurst = chatBurst
        self.groupInterval = groupInterval
        self.groupBurst = groupBurst
        self.globalInterval = globalInterval
        self.globalBurst = globalBurst
    }

    /// About one message a second per chat (bursts of 3), 20 a minute per group, 30 a
    /// second overall.
    public static let telegram = PacingPolicy(
        chatInterval: .seconds(1), chatBurst: 3,
        groupInterval: .seconds(3), groupBurst: 20,
        globalInterval: .milliseconds(33), globalBurst: 30)
}
