import CoreMetrics
import Logging
import MarketEngine
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Leader election through the database: the leader of a role is the replica holding a
/// session-level advisory lock on a connection of its own (outside the pool). PostgreSQL
/// releases the lock when that connection ends — the leader was killed or lost the
/// network — and a standby, trying every `standbyInterval`, takes over. The leader checks
/// its connection every `checkInterval` and stops its work the moment the check fails,
/// since it can no longer be sure it still holds the lock.
///
/// A leader that is stopped (SIGSTOP, a frozen VM) keeps its connection, and with it the
/// lock. So each check is also a heartbeat: a row in `leader_heartbeats` with the lock's
/// backend and an expiry `staleAfter` ahead. A standby that finds the lock taken and the
/// heartbeat run out ends that backend (`pg_terminate_backend`), which frees the lock: a
/// stopped leader is replaced within about `staleAfter`, and when it resumes its first
/// check finds its connection gone and stops its work.
public final class PostgresLeadership: Leadership {
    let database: PostgresDatabase
    let standbyInterval: Duration
    let checkInterval: Duration
    /// How long a heartbeat holds off the standbys (`CHAT_LEASE_S`).
    let staleAfter: Duration
    /// This replica's name in the heartbeats (for the logs and the operator).
    let owner: String
    let logger: Logger
    private let metrics: any MetricsFactory

    init(
        database: PostgresDatabase, owner: String, staleAfter: Duration, metrics: any MetricsFactory, logger: Logger,
        standbyInterval: Duration = .seconds(1), checkInterval: Duration = .seconds(1)
    ) {
        self.owner = owner
        self.staleAfter = staleAfter
        self.database = database
        self.metrics = metrics
        self.logger = logger
        self.standbyInterval = standbyInterval
        self.checkInterval = checkInterval
    }

    static func lockKey(_ role: LeaderRole) -> Int64 {
        PostgresMigrations.lockKey + 1 + Int64(LeaderRole.allCases.firstIndex(of: role)!)
    }

    /// For postgres-nio's own lines on the leader's connection: a failed attempt is expected.
    private var quietLogger: Logger {
        var quiet = logger
        quiet.logLevel = .critical
        return quiet
    }

    private enum Outcome: Sendable {
        case finished
        case lost
    }

    /// What `work` threw, told apart from the connection's own failures.
    private struct WorkFailed: Error {
        let error: any Error
    }

    public func whileLeading(_ role: LeaderRole, _ work: @escaping @Sendable () async throws -> Void) async throws {
        let gauge = Gauge(label: "crypto_assistant_leader", dimensions: [("role", role.rawValue)], factory: metrics)
        let elected = Counter(
            label: "crypto_assistant_leader_elections_total", dimensions: [("role", role.rawValue)], factory: metrics)
        gauge.record(0)
        let quiet = quietLogger
        var connectionNumber = 0
        var standingBy = false
        var lost = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if lost {
                // The standbys get the first chance: this replica's connection failed, theirs
                // may not have (they try every standby interval; this waits two).
                lost = false
                try? await cancelWhenGracefulShutdown {
                    try await self.database.clock.sleep(for: self.standbyInterval * 2)
                }
            }
            connectionNumber += 1
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    configuration: database.connectionConfiguration(), id: connectionNumber, logger: quiet)
            } catch {
                try? await cancelWhenGracefulShutdown { try await self.database.clock.sleep(for: self.standbyInterval) }
                continue
            }
            do {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let won = try await withTimeLimit(checkInterval * 5, on: database.clock) {
                        for try await value in try await connection.query(
                            "SELECT pg_try_advisory_lock(\(Self.lockKey(role)))", logger: quiet
                        ).decode(Bool.self) {
                            return value
                        }
                        return false
                    }
                    guard won else {
                        try await replaceStaleLeader(role, on: connection)
                        if !standingBy {
                            standingBy = true
                            logger.notice("standing by: another replica leads", metadata: ["role": "\(role)"])
                        }
                        try? await cancelWhenGracefulShutdown {
                            try await self.database.clock.sleep(for: self.standbyInterval)
                        }
                        continue
                    }
                    standingBy = false
                    let epoch = try await beat(role, on: connection, within: checkInterval * 5)
                    gauge.record(1)
                    elected.increment()
                    logger.notice("leading", metadata: ["role": "\(role)"])
                    let outcome = try await lead(role, epoch: epoch, on: connection, work: work)
                    gauge.record(0)
                    switch outcome {
                    case .finished:
                        Self.close(connection)
                        return
                    case .lost:
                        lost = true
                        logger.warning(
                            "leadership lost: the database connection failed; work stopped",
                            metadata: ["role": "\(role)"])
                    }
                    break
                }
            } catch let failure as WorkFailed {
                gauge.record(0)
                Self.close(connection)
                throw failure.error
            } catch {
                gauge.record(0)
            }
            Self.close(connection)
        }
    }

    /// Closes without waiting: closing a connection the server already ended may not answer.
    /// The connection is kept until it has closed (postgres-nio checks that on release).
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Says this replica leads `role`, for `staleAfter` from now; returns the leadership's
    /// epoch — new when this connection's first beat takes over from another, kept after.
    @discardableResult
    private func beat(_ role: LeaderRole, on connection: PostgresConnection, within limit: Duration) async throws
        -> Int64
    {
        let seconds = Double(staleAfter.components.seconds)
        return try await withTimeLimit(limit, on: database.clock) {
            for try await epoch in try await connection.query(
                """
                INSERT INTO leader_heartbeats AS h (role, owner, pid, expires_at)
                VALUES (\(role.rawValue), \(self.owner), pg_backend_pid(), now() + make_interval(secs => \(seconds)))
                ON CONFLICT (role) DO UPDATE
                SET owner = EXCLUDED.owner, pid = EXCLUDED.pid, expires_at = EXCLUDED.expires_at,
                    epoch = CASE WHEN h.owner = EXCLUDED.owner AND h.pid = EXCLUDED.pid THEN h.epoch ELSE EXCLUDED.epoch END
                RETURNING epoch
                """, logger: self.quietLogger
            ).decode(Int64.self) {
                return epoch
            }
            throw PostgresDatabase.Unavailable()  // an upsert returns its row
        }
    }

    /// Ends the backend of a leader whose heartbeat ran out (stopped, frozen): its lock goes
    /// with it, and the next try here wins.
    private func replaceStaleLeader(_ role: LeaderRole, on connection: PostgresConnection) async throws {
        let quiet = quietLogger
        let ended = try await withTimeLimit(checkInterval * 5, on: database.clock) { () async throws -> [String] in
            var owners: [String] = []
            for try await (owner, _) in try await connection.query(
                """
                DELETE FROM leader_heartbeats WHERE role = \(role.rawValue) AND expires_at < now()
                RETURNING owner, pg_terminate_backend(pid)
                """, logger: quiet
            ).decode((String, Bool).self) {
                owners.append(owner)
            }
            return owners
        }
        for stale in ended {
            logger.warning(
                "the leader stopped answering; its connection was ended to take over",
                metadata: ["role": "\(role)", "leader": "\(stale)"])
        }
    }

    /// Runs `work` beside a check of the lock's connection (a heartbeat); whichever ends
    /// first ends both. What `work` sends is fenced by the leadership's epoch (`SendFence`):
    /// should another replica have taken over meanwhile, its sends are refused.
    private func lead(
        _ role: LeaderRole, epoch: Int64, on connection: PostgresConnection,
        work: @escaping @Sendable () async throws -> Void
    ) async throws -> Outcome {
        let interval = checkInterval
        let clock = database.clock
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await SendFence.$current.withValue(SendFence(leader: .init(role: role, epoch: epoch))) {
                        try await work()
                    }
                } catch {
                    throw WorkFailed(error: error)
                }
                return .finished
            }
            group.addTask {
                // A check that fails, or does not answer within the interval, ends the lead:
                // a connection the server ended may leave a query waiting forever.
                while true {
                    do {
                        try await clock.sleep(for: interval)
                    } catch {
                        return .lost
                    }
                    if connection.isClosed { return .lost }
                    do {
                        try await self.beat(role, on: connection, within: interval)
                    } catch {
                        return .lost
                    }
                }
            }
            defer { group.cancelAll() }
            let first = try await group.next() ?? .finished
            if Task.isCancelled { return .finished }
            return first
        }
    }
}
