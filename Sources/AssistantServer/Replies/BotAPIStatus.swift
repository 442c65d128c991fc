import Synchronization

/// Whether Telegram accepts the bot token, as the last Bot API answers said: a 401 or 404
/// (a revoked or mistyped token) until a call succeeds again. `/readyz` reports it, since
/// nothing can be answered meanwhile (alerts wait in their outbox).
public final class BotAPIStatus: Sendable {
    private let refusal = Mutex<Int?>(nil)

    public init() {}

    /// The HTTP-like code of the token's refusal; nil while the token is accepted.
    public var tokenRefusal: Int? { refusal.withLock { $0 } }

    func record(tokenRefusal code: Int?) {
        refusal.withLock { $0 = code }
    }
}
