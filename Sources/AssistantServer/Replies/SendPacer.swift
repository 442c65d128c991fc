import MarketEngine

/// Paces Bot API sends to Telegram's published limits (`PacingPolicy`) so that 429s stay
/// the exception.
///
/// Each limit is a generic cell rate (GCRA): a "theoretical arrival time" per key that each
/// send pushes forward by the interval; a send may go when that time, less the burst
/// allowance, has passed. `book` is that arithmetic (tested directly on a test clock);
/// `waitTurn` books and sleeps until the booked time.
public actor SendPacer<C: Clock> where C.Duration == Duration {
    private let policy: PacingPolicy
    private let clock: C
    private var chatArrival: [Int64: C.Instant] = [:]
    private var globalArrival: C.Instant
    /// Chats refused with a 429, until their `retry_after` ends.
    private var refusedUntil: [Int64: C.Instant] = [:]

    public init(policy: PacingPolicy = .telegram, clock: C) {
        self.policy = policy
        self.clock = clock
        self.globalArrival = clock.now
    }

    /// When a send may go, as `book` decides it.
    enum Turn: Equatable {
        /// Booked: the send goes at this time (now, or later when the bot as a whole is at
        /// its limit: places are handed out in order).
        case at(C.Instant)
        /// The chat itself must wait (its own rate, or a `retry_after`): nothing is booked,
        /// ask again then. Booking now would reserve a place in the bot-wide schedule that
        /// far ahead and hold back every other chat until it.
        case notBefore(C.Instant)
    }

    /// Waits until a message to `chatID` may go, and books its place.
    public func waitTurn(chatID: Int64) async throws {
        while true {
            switch book(chatID: chatID) {
            case .at(let start):
                if start > clock.now { try await clock.sleep(until: start, tolerance: nil) }
                return
            case .notBefore(let time):
                try await clock.sleep(until: time, tolerance: nil)
            }
        }
    }

    /// The pacing arithmetic: books the next send to `chatID` when the chat may send now.
    func book(chatID: Int64) -> Turn {
        let now = clock.now
        let (interval, burst) = limit(of: chatID)
        let chatTAT = max(chatArrival[chatID] ?? now, now)
        let chatStart = chatTAT.advanced(by: .zero - interval * (burst - 1))
        if chatStart > now { return .notBefore(chatStart) }

        let globalTAT = max(globalArrival, now)
        let start = max(now, globalTAT.advanced(by: .zero - policy.globalInterval * (policy.globalBurst - 1)))
        chatArrival[chatID] = max(chatTAT, start).advanced(by: interval)
        globalArrival = max(globalTAT, start).advanced(by: policy.globalInterval)
        if chatArrival.count > 10_000 { chatArrival = chatArrival.filter { $0.value > now } }
        return .at(start)
    }

    /// Telegram said "retry after": no send to this chat before that long from now. The
    /// burst allowance is added on top, since a send may go that much before its arrival time.
    ///
    /// Telegram's limits are per chat and for the bot, and a 429 does not say which: one
    /// chat refused is that chat's limit, but a second chat refused while the first is still
    /// held is the bot's — then the bot is held for what Telegram said. Returns whether it was.
    @discardableResult
    public func hold(chatID: Int64, for delay: Duration) -> Bool {
        let now = clock.now
        let (interval, burst) = limit(of: chatID)
        let until = now.advanced(by: delay + interval * (burst - 1))
        chatArrival[chatID] = max(chatArrival[chatID] ?? until, until)
        refusedUntil = refusedUntil.filter { $0.value > now }
        let botWide = refusedUntil.keys.contains { $0 != chatID }
        refusedUntil[chatID] = max(refusedUntil[chatID] ?? now, now.advanced(by: delay))
        if botWide {
            let botUntil = now.advanced(by: delay + policy.globalInterval * (policy.globalBurst - 1))
            globalArrival = max(globalArrival, botUntil)
        }
        return botWide
    }

    private func limit(of chatID: Int64) -> (interval: Duration, burst: Int) {
        // Negative ids are groups, supergroups and channels.
        chatID < 0 ? (policy.groupInterval, policy.groupBurst) : (policy.chatInterval, policy.chatBurst)
    }
}

extension SendPacer where C == AppClock {
    /// On the system's clock (tests and `ask`; the server gives its own).
    public init(policy: PacingPolicy = .telegram) {
        self.init(policy: policy, clock: .system)
    }
}
