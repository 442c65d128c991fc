import CoreMetrics
import Logging
import MarketEngine
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Leader election through the database: the leader of a role is the replica holding a
/// session-level advisory lock on a connection of its own (outside the pool). PostgreSQL
/// releases the lock when that connection ends — the leader stopped, was killed, or lost
/// the network — and a standby, trying every `standbyInterval`, takes over. The leader checks
/// its connection every `checkInterval` and stops its work the moment the check fails,
/// since it can no longer be sure it still holds the lock.
public final class PostgresLeadership: Leadership {
    let database: PostgresDatabase
    let standbyInterval: Duration
    let checkInterval: Duration
    let logger: Logger
    private let metrics: any MetricsFactory

    init(
        database: PostgresDatabase, metrics: any MetricsFactory, logger: Logger,
        standbyInterval: Duration = .seconds(1), checkInterval: Duration = .seconds(1)
    ) {
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
                    gauge.record(1)
                    elected.increment()
                    logger.notice("leading", metadata: ["role": "\(role)"])
                    let outcome = try await lead(on: connection, work: work)
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

    /// Runs `work` beside a check of the lock's connection; whichever ends first ends both.
    private func lead(on connection: PostgresConnection, work: @escaping @Sendable () async throws -> Void)
        async throws -> Outcome
    {
        let interval = checkInterval
        let quiet = quietLogger
        let clock = database.clock
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await work()
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
                        try await withTimeLimit(interval, on: clock) {
                            try await connection.query("SELECT 1", logger: quiet).consume()
                        }
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
