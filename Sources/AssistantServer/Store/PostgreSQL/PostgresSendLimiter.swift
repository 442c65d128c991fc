import Logging
import MarketEngine
import PostgresNIO

/// Telegram's send limits for the bot as a whole when several replicas send: the same
/// arithmetic as `SendPacer` (a theoretical arrival time per chat and one for the bot), kept
/// in the `send_schedule` table and booked by one function call per message under row
/// locks, on the database's clock.
///
/// The booking is also the fence (`SendFence`): under a chat's lease or a role's
/// leadership, `book_send` books only while that lease or leadership is this replica's,
/// under the epoch the work started with, and for long enough to send (`margin`); an
/// alert's outbox row is claimed by the leader's epoch in the same call.
///
/// While the database cannot be reached, sends are paced by this process alone (a reply is
/// better late than never, and the database may be down for longer than a reply can wait) —
/// a chat's reply only while its lease is surely still this replica's, an alert not at all.
public final class PostgresSendLimiter: SendLimiter {
    let database: PostgresDatabase
    let policy: PacingPolicy
    let local: SendPacer<AppClock>
    /// How long before its lease (or leadership) ends a fenced send may still be booked, and
    /// within how long of booking it must go: a quarter of the lease. Renewals keep two
    /// thirds of it ahead.
    let margin: Duration
    /// How long an outbox row claimed by an earlier leader is left to it: its send may be in
    /// flight. A lease.
    let claimGrace: Duration

    init(database: PostgresDatabase, policy: PacingPolicy, leaseSeconds: Double) {
        self.database = database
        self.policy = policy
        self.local = SendPacer(policy: policy, clock: database.clock)
        self.margin = .milliseconds(Int64(leaseSeconds * 250))
        self.claimGrace = .milliseconds(Int64(leaseSeconds * 1000))
    }

    /// The bot-wide row's key: Telegram has no chat 0.
    static let botKey: Int64 = 0

    /// The first schema's booking, without fences: the fourth drops it (a database made
    /// since never runs it).
    static let bookFunction = """
        CREATE FUNCTION book_send(p_chat bigint, p_chat_interval double precision, p_chat_burst integer,
            p_global_interval double precision, p_global_burst integer, OUT booked boolean, OUT wait_s double precision)
        LANGUAGE plpgsql AS $$
        BEGIN
            booked := true;
            wait_s := 0;
        END $$
        """

    /// Books a send, as `SendPacer.book` does: `booked` with how long to wait before sending,
    /// or not booked (the chat must wait by itself) with how long until asking again — or
    /// `fenced`: the lease or leadership named is not current (or ends within `p_margin` of
    /// the send), or the outbox row is gone or another leader's. A refusal writes nothing
    /// to the schedule.
    static let fencedBookFunction = """
        CREATE FUNCTION book_send(p_chat bigint, p_chat_interval double precision, p_chat_burst integer,
            p_global_interval double precision, p_global_burst integer,
            p_lease_chat bigint, p_lease_epoch bigint, p_leader_role text, p_leader_epoch bigint,
            p_outbox_row bigint, p_claim_grace double precision, p_margin double precision,
            OUT booked boolean, OUT wait_s double precision, OUT fenced boolean)
        LANGUAGE plpgsql AS $$
        DECLARE
            now_s double precision;
            ends_s double precision := 'infinity';
            fence_s double precision;
            chat_tat double precision;
            chat_start double precision;
            global_tat double precision;
            start_s double precision;
        BEGIN
            booked := false;
            wait_s := 0;
            fenced := true;
            now_s := extract(epoch FROM clock_timestamp());
            IF p_lease_epoch IS NOT NULL THEN
                SELECT extract(epoch FROM expires_at) INTO fence_s FROM chat_leases
                WHERE chat_id = p_lease_chat AND epoch = p_lease_epoch;
                IF fence_s IS NULL OR fence_s <= now_s THEN RETURN; END IF;
                ends_s := fence_s;
            END IF;
            IF p_leader_epoch IS NOT NULL THEN
                SELECT extract(epoch FROM expires_at) INTO fence_s FROM leader_heartbeats
                WHERE role = p_leader_role AND epoch = p_leader_epoch;
                IF fence_s IS NULL OR fence_s <= now_s THEN RETURN; END IF;
                ends_s := least(ends_s, fence_s);
                IF p_outbox_row IS NOT NULL THEN
                    UPDATE chat_records SET claimed_epoch = p_leader_epoch, claimed_at = clock_timestamp()
                    WHERE id = p_outbox_row AND (claimed_epoch IS NULL OR claimed_epoch = p_leader_epoch
                        OR claimed_at < clock_timestamp() - make_interval(secs => p_claim_grace));
                    IF NOT FOUND THEN RETURN; END IF;
                END IF;
            END IF;
            fenced := false;
            INSERT INTO send_schedule (key, tat) VALUES (p_chat, 0) ON CONFLICT (key) DO NOTHING;
            SELECT tat INTO chat_tat FROM send_schedule WHERE key = p_chat FOR UPDATE;
            now_s := extract(epoch FROM clock_timestamp());
            chat_tat := greatest(chat_tat, now_s);
            chat_start := chat_tat - p_chat_interval * (p_chat_burst - 1);
            IF chat_start > now_s THEN
                wait_s := chat_start - now_s;
                RETURN;
            END IF;
            INSERT INTO send_schedule (key, tat) VALUES (\(botKey), 0) ON CONFLICT (key) DO NOTHING;
            SELECT tat INTO global_tat FROM send_schedule WHERE key = \(botKey) FOR UPDATE;
            now_s := extract(epoch FROM clock_timestamp());
            global_tat := greatest(global_tat, now_s);
            start_s := greatest(now_s, global_tat - p_global_interval * (p_global_burst - 1));
            IF start_s + p_margin > ends_s THEN
                -- Its turn comes too close to the lease's end: ask again after a renewal
                -- (renewals come every third of the lease, a margin is a quarter).
                wait_s := p_margin / 2;
                RETURN;
            END IF;
            UPDATE send_schedule SET tat = greatest(chat_tat, start_s) + p_chat_interval WHERE key = p_chat;
            UPDATE send_schedule SET tat = greatest(global_tat, start_s) + p_global_interval WHERE key = \(botKey);
            booked := true;
            wait_s := start_s - now_s;
        END $$
        """

    /// One booking (`book_send`), prepared once per connection.
    struct Book: PostgresPreparedStatement {
        static let name = "book_send_fenced"
        typealias Row = (Bool, Double, Bool)

        static let sql =
            "SELECT booked, wait_s, fenced FROM book_send($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"

        var chatID: Int64
        var chatInterval: Double
        var chatBurst: Int32
        var globalInterval: Double
        var globalBurst: Int32
        var leaseChat: Int64?
        var leaseEpoch: Int64?
        var leaderRole: String?
        var leaderEpoch: Int64?
        var outboxRow: Int64?
        var claimGrace: Double
        var margin: Double

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 12)
            bindings.append(chatID)
            bindings.append(chatInterval)
            bindings.append(chatBurst)
            bindings.append(globalInterval)
            bindings.append(globalBurst)
            bindings.append(leaseChat)
            bindings.append(leaseEpoch)
            bindings.append(leaderRole)
            bindings.append(leaderEpoch)
            bindings.append(outboxRow)
            bindings.append(claimGrace)
            bindings.append(margin)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    public func waitTurn(chatID: Int64) async throws {
        let (interval, burst) = limit(of: chatID)
        let fence = SendFence.current
        let fenced = fence?.chatLease != nil || fence?.leader != nil
        var statement = Book(
            chatID: chatID, chatInterval: interval.seconds, chatBurst: Int32(clamping: burst),
            globalInterval: policy.globalInterval.seconds, globalBurst: Int32(clamping: policy.globalBurst),
            leaseChat: fence?.chatLease?.chatID, leaseEpoch: fence?.chatLease?.epoch,
            leaderRole: fence?.leader?.role.rawValue, leaderEpoch: fence?.leader?.epoch, outboxRow: nil,
            claimGrace: claimGrace.seconds, margin: margin.seconds)
        if fence?.leader != nil { statement.outboxRow = fence?.outboxRow }
        while true {
            let asked = database.clock.now
            let turn: (booked: Bool, wait: Double, fenced: Bool)
            do {
                turn = try await database.first(statement) ?? (true, 0, false)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // Unfenced, or a lease this replica surely still holds: paced here alone.
                guard !fenced || (fence?.leader == nil && fence?.chatLease?.isSure() == true) else {
                    fence?.refusal.trip()
                    throw SendFence.Refused()
                }
                database.logger.debug(
                    "send paced by this replica alone: the shared schedule is unavailable",
                    metadata: ["error": "\(PostgresDatabase.describe(error))"])
                try await local.waitTurn(chatID: chatID)
                return
            }
            if turn.fenced {
                fence?.refusal.trip()
                throw SendFence.Refused()
            }
            let wait = Duration.milliseconds(Int64((max(0, turn.wait) * 1000).rounded(.up)))
            if wait > .zero { try await database.clock.sleep(for: wait) }
            guard turn.booked else { continue }
            // Booked so that the lease outlasts the send by `margin`: still true unless this
            // process stood still meanwhile (paused, starved) — then ask again.
            if fenced, database.clock.elapsed(since: asked) > wait + margin / 2 { continue }
            return
        }
    }

    /// Holds the chat for what Telegram said. Its limits are per chat and for the bot: a
    /// 429 for one chat is that chat's, but a second chat refused while the first is still
    /// held means the bot's own limit — then every replica holds the bot for what Telegram
    /// said too.
    @discardableResult
    public func hold(chatID: Int64, for delay: Duration) async -> Bool {
        let (interval, burst) = limit(of: chatID)
        let chatUntil = delay.seconds + interval.seconds * Double(burst - 1)
        let botUntil = delay.seconds + policy.globalInterval.seconds * Double(policy.globalBurst - 1)
        let seconds = delay.seconds
        let locallyBotWide = await local.hold(chatID: chatID, for: delay)
        do {
            let botWide = try await database.run { client in
                for try await held in try await client.query(
                    """
                    WITH refusal AS (
                        INSERT INTO send_refusals AS r (chat_id, until)
                        VALUES (\(chatID), now() + make_interval(secs => \(seconds)))
                        ON CONFLICT (chat_id) DO UPDATE SET until = greatest(r.until, excluded.until)
                    ), others AS (
                        SELECT 1 FROM send_refusals WHERE chat_id <> \(chatID) AND until > now() LIMIT 1
                    ), chat AS (
                        INSERT INTO send_schedule AS s (key, tat)
                        VALUES (\(chatID), extract(epoch FROM now()) + \(chatUntil))
                        ON CONFLICT (key) DO UPDATE SET tat = greatest(s.tat, excluded.tat)
                    ), bot AS (
                        INSERT INTO send_schedule AS s (key, tat)
                        SELECT \(Self.botKey), extract(epoch FROM now()) + \(botUntil) WHERE EXISTS (SELECT 1 FROM others)
                        ON CONFLICT (key) DO UPDATE SET tat = greatest(s.tat, excluded.tat)
                        RETURNING 1
                    )
                    SELECT EXISTS (SELECT 1 FROM bot)
                    """
                ).decode(Bool.self) {
                    return held
                }
                return false
            }
            if botWide {
                database.logger.notice(
                    "Telegram's limit for the bot as a whole was hit: every replica holds its sends",
                    metadata: ["retry_after": "\(Int(seconds))"])
            }
            return botWide
        } catch {
            database.logger.warning(
                "a retry_after could not be shared with the other replicas",
                metadata: ["error": "\(PostgresDatabase.describe(error))"])
            return locallyBotWide
        }
    }

    /// Forgets chats that have not sent for a day (the leader's hourly pass).
    static func prune(in database: PostgresDatabase) async throws {
        try await database.run { client in
            try await client.query(
                "DELETE FROM send_schedule WHERE key <> \(Self.botKey) AND tat < extract(epoch FROM now()) - 86400"
            ).consume()
            try await client.query("DELETE FROM send_refusals WHERE until < now() - interval '1 day'").consume()
        }
    }

    private func limit(of chatID: Int64) -> (interval: Duration, burst: Int) {
        chatID < 0 ? (policy.groupInterval, policy.groupBurst) : (policy.chatInterval, policy.chatBurst)
    }
}
