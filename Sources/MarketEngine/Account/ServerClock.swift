/// The exchange's clock minus ours, learnt after the exchange refused a request's timestamp
/// (Binance -1021, Bitget 40008, Gate `REQUEST_EXPIRED`, MEXC 700003 or 513).
actor ServerClock {
    private(set) var offset: Int64 = 0

    func adjust(serverTime: Int64, now: Int64) {
        // Wrapping: a nonsense server time gives a nonsense offset (the next request is
        // rejected and reported), not a trap.
        offset = serverTime &- now
    }

    /// One signed request on this clock: `send` signs with the offset learnt so far; when
    /// the exchange refuses the timestamp, the server's time is read (unless a concurrent
    /// request moved the clock meanwhile) and the request is sent once more. A second
    /// refusal is the exchange's answer.
    nonisolated func resynchronisingOnce<Value: Sendable>(
        on wallClock: AppClock, serverTime: () async throws -> Int64,
        _ send: (_ offset: Int64) async throws -> SignedAttempt<Value>
    ) async throws -> Value {
        let offset = await self.offset
        if case .answered(let value) = try await send(offset) { return value }
        if await self.offset == offset {
            await adjust(serverTime: try await serverTime(), now: wallClock.wallMilliseconds)
        }
        switch try await send(await self.offset) {
        case .answered(let value): return value
        case .timestampRefused(let failure): throw failure
        }
    }
}

/// What one signed attempt came to: the exchange's answer, or its refusal of the request's
/// timestamp (any other refusal is thrown by the attempt itself).
enum SignedAttempt<Value: Sendable>: Sendable {
    case answered(Value)
    case timestampRefused(MarketFailure)
}
