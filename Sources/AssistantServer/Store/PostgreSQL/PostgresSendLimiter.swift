import Logging
import MarketEngine
import PostgresNIO

/// Telegram's send limits for the bot as a whole when several replicas send: the same
/// arithmetic as `SendPacer` (a theoretical arrival time per chat and one for the bot), kept
/// in the `send_schedule` table and booked by one function call per message under row
/// locks, on the database's clock. A `retry_after` one replica is given pauses every replica.
///
/// While the database cannot be reached, sends are paced by this process alone (a reply is
/// better late than never, and the database may be down for longer than a reply can wait).
public final class PostgresSendLimiter: SendLimiter {
    let database: PostgresDatabase
    let policy: PacingPolicy
    let local: SendPacer<AppClock>

    init(database: PostgresDatabase, policy: PacingPolicy) {
        self.database = database
        self.policy = policy
        self.local = SendPacer(policy: policy, clock: database.clock)
    }

    /// The bot-wide row's key: Telegram has no chat 0.
    static let botKey: Int64 = 0

    /// Books a send, as `SendPacer.book` does: `booked` with how long to wait before sending,
    /// or not booked (the chat must wait by itself) with how long until asking again.
    static let bookFunction = """
        CREATE FUNCTION book_send(p_chat bigint, p_chat_interval double precision, p_chat_burst integer,
            p_global_interval double precision, p_global_burst integer, OUT booked boolean, OUT wait_s double precision)
        LANGUAGE plpgsql AS $$
        DECLARE
            now_s double precision;
            chat_tat double precision;
            chat_start double precision;
            global_tat double precision;
            start_s double precision;
        BEGIN
            INSERT INTO send_schedule (key, tat) VALUES (p_chat, 0) ON CONFLICT (key) DO NOTHING;
            SELECT tat INTO chat_tat FROM send_schedule WHERE key = p_chat FOR UPDATE;
            now_s := extract(epoch FROM clock_timestamp());
            chat_tat := greatest(chat_tat, now_s);
            chat_start := chat_tat - p_chat_interval * (p_chat_burst - 1);
            IF chat_start > now_s THEN
                booked := false;
                wait_s := chat_start - now_s;
                RETURN;
            END IF;
            INSERT INTO send_schedule (key, tat) VALUES (\(botKey), 0) ON CONFLICT (key) DO NOTHING;
            SELECT tat INTO global_tat FROM send_schedule WHERE key = \(botKey) FOR UPDATE;
            now_s := extract(epoch FROM clock_timestamp());
            global_tat := greatest(global_tat, now_s);
            start_s := greatest(now_s, global_tat - p_global_interval * (p_global_burst - 1));
            UPDATE send_schedule SET tat = greatest(chat_tat, start_s) + p_chat_interval WHERE key = p_chat;
            UPDATE send_schedule SET tat = greatest(global_tat, start_s) + p_global_interval WHERE key = \(botKey);
            booked := true;
            wait_s := start_s - now_s;
        END $$
        """

    /// One booking (`book_send`), prepared once per connection.
    struct Book: PostgresPreparedStatement {
        static let name = "book_send"
        typealias Row = (Bool, Double)

        static let sql = "SELECT booked, wait_s FROM book_send($1, $2, $3, $4, $5)"

        var chatID: Int64
        var chatInterval: Double
        var chatBurst: Int32
        var globalInterval: Double
        var globalBurst: Int32

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 5)
            bindings.append(chatID)
            bindings.append(chatInterval)
            bindings.append(chatBurst)
            bindings.append(globalInterval)
            bindings.append(globalBurst)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    public func waitTurn(chatID: Int64) async throws {
        let (interval, burst) = limit(of: chatID)
        let (chatInterval, chatBurst) = (interval.seconds, Int32(clamping: burst))
        let (globalInterval, globalBurst) = (policy.globalInterval.seconds, Int32(clamping: policy.globalBurst))
        while true {
            let turn: (booked: Bool, wait: Double)
            do {
                turn =
                    try await database.first(
                        Book(
                            chatID: chatID, chatInterval: chatInterval, chatBurst: chatBurst,
                            globalInterval: globalInterval, globalBurst: globalBurst)) ?? (true, 0)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                database.logger.debug(
                    "send paced by this replica alone: the shared schedule is unavailable",
                    metadata: ["error": "\(PostgresDatabase.describe(error))"])
                try await local.waitTurn(chatID: chatID)
                return
            }
            if turn.wait > 0 {
                try await database.clock.sleep(for: .milliseconds(Int64((turn.wait * 1000).rounded(.up))))
            }
            if turn.booked { return }
        }
    }

    /// Holds the chat and, since a replica cannot tell which of Telegram's limits was hit
    /// and the others are sending too, the bot as a whole: every replica pauses.
    public func hold(chatID: Int64, for delay: Duration) async {
        let (interval, burst) = limit(of: chatID)
        let chatUntil = delay.seconds + interval.seconds * Double(burst - 1)
        let botUntil = delay.seconds + policy.globalInterval.seconds * Double(policy.globalBurst - 1)
        await local.hold(chatID: chatID, for: delay)
        do {
            try await database.run { client in
                try await client.query(
                    """
                    INSERT INTO send_schedule AS s (key, tat)
                    VALUES (\(chatID), extract(epoch FROM now()) + \(chatUntil)),
                        (\(Self.botKey), extract(epoch FROM now()) + \(botUntil))
                    ON CONFLICT (key) DO UPDATE SET tat = greatest(s.tat, excluded.tat)
                    """
                ).consume()
            }
        } catch {
            database.logger.warning(
                "a retry_after could not be shared with the other replicas",
                metadata: ["error": "\(PostgresDatabase.describe(error))"])
        }
    }

    /// Forgets chats that have not sent for a day (the leader's hourly pass).
    static func prune(in database: PostgresDatabase) async throws {
        try await database.run { client in
            try await client.query(
                "DELETE FROM send_schedule WHERE key <> \(Self.botKey) AND tat < extract(epoch FROM now()) - 86400"
            ).consume()
        }
    }

    private func limit(of chatID: Int64) -> (interval: Duration, burst: Int) {
        chatID < 0 ? (policy.groupInterval, policy.groupBurst) : (policy.chatInterval, policy.chatBurst)
    }
}
