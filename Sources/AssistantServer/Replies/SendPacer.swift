/// Paces Bot API sends to Telegram's published limits so that 429s stay the exception:
/// about one message a second per chat (short bursts allowed), 20 a minute per group,
/// 30 a second overall.
///
/// Each limit is a generic cell rate (GCRA): a "theoretical arrival time" per key that each
/// send pushes forward by the interval; a send may go when that time, less the burst
/// allowance, has passed.
public actor SendPacer {
    public struct Policy: Sendable {
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

        public static let telegram = Policy(
            chatInterval: .seconds(1), chatBurst: 3,
            groupInterval: .seconds(3), groupBurst: 20,
            globalInterval: .milliseconds(33), globalBurst: 30)
    }

    private let policy: Policy
    private let clock = ContinuousClock()
    private var chatArrival: [Int64: ContinuousClock.Instant] = [:]
    private var globalArrival: ContinuousClock.Instant

    public init(policy: Policy = .telegram) {
        self.policy = policy
        self.globalArrival = clock.now
    }

    /// Waits until a message to `chatID` may go, and books its place.
    public func waitTurn(chatID: Int64) async throws {
        let now = clock.now
        // Negative ids are groups, supergroups and channels.
        let isGroup = chatID < 0
        let interval = isGroup ? policy.groupInterval : policy.chatInterval
        let burst = isGroup ? policy.groupBurst : policy.chatBurst

        let chatTAT = max(chatArrival[chatID] ?? now, now)
        let globalTAT = max(globalArrival, now)
        let start = max(
            now,
            chatTAT - interval * (burst - 1),
            globalTAT - policy.globalInterval * (policy.globalBurst - 1))
        chatArrival[chatID] = max(chatTAT, start) + interval
        globalArrival = max(globalTAT, start) + policy.globalInterval
        if chatArrival.count > 10_000 { chatArrival = chatArrival.filter { $0.value > now } }
        if start > now { try await Task.sleep(until: start, clock: clock) }
    }

    /// Telegram said "retry after": hold this chat back at least that long.
    public func hold(chatID: Int64, for delay: Duration) {
        let until = clock.now + delay
        chatArrival[chatID] = max(chatArrival[chatID] ?? until, until)
    }
}
