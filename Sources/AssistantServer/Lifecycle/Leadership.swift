/// Work that must run on one replica at a time.
public enum LeaderRole: String, Sendable, CaseIterable {
    /// The hourly pass: journal prune, the daily equity snapshot.
    case maintenance
    /// `getUpdates`: Telegram answers a second poller with 409.
    case poller
    /// Alert evaluation and delivery (`AlertService`).
    case alerts
}

/// Who runs a role's work: the process itself when it is alone (`SoleLeadership`), one
/// replica chosen through the database otherwise (`PostgresLeadership`).
public protocol Leadership: Sendable {
    /// Runs `work` whenever this process leads `role`, cancelling it when leadership is lost
    /// and standing by until it is won again. Returns when `work` returns (or rethrows what
    /// it threw), or at graceful shutdown or cancellation while standing by.
    func whileLeading(_ role: LeaderRole, _ work: @escaping @Sendable () async throws -> Void) async throws
}

/// One process, no contest: the work runs at once.
public struct SoleLeadership: Leadership {
    public init() {}

    public func whileLeading(_ role: LeaderRole, _ work: @escaping @Sendable () async throws -> Void) async throws {
        try await work()
    }
}
