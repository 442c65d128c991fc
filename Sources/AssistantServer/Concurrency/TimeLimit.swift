import MarketEngine

/// The time limit ran out.
public struct TimeLimitExceeded: Error, CustomStringConvertible {
    public var description: String { "no answer in time" }
}

/// Runs `body` in a task of its own and returns what it returns, or throws
/// `TimeLimitExceeded` once `limit` has passed on `clock` — without waiting for a body that
/// ignores cancellation (a query on a connection the server dropped can wait forever; a task
/// group would wait with it). The body is cancelled when the limit passes or the caller is.
func withTimeLimit<T: Sendable>(
    _ limit: Duration, on clock: AppClock, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await racingExpiry(body) { expire in
        let timer = Task {
            guard (try? await clock.sleep(for: limit)) != nil else { return }
            expire()
        }
        return { timer.cancel() }
    }
}

/// The one time limit's mechanics, for `withTimeLimit` (a timer of its own) and
/// `DeadlineWatch` (one watcher for many): `arm` is handed the function that fails the
/// call with `TimeLimitExceeded` and returns what disarms it once the call is over.
func racingExpiry<T: Sendable>(
    _ body: @escaping @Sendable () async throws -> T,
    arm: (_ expire: @escaping @Sendable () -> Void) -> @Sendable () -> Void
) async throws -> T {
    let outcome = OneShot<Result<T, any Error>>()
    let disarm = arm { outcome.offer(.failure(TimeLimitExceeded())) }
    let work = Task {
        do {
            outcome.offer(.success(try await body()))
        } catch {
            outcome.offer(.failure(error))
        }
    }
    let result = await withTaskCancellationHandler {
        await outcome.wait()
    } onCancel: {
        outcome.offer(.failure(CancellationError()))
    }
    disarm()
    work.cancel()
    return try (result ?? .failure(CancellationError())).get()
}
