/// The time limit ran out.
public struct TimeLimitExceeded: Error, CustomStringConvertible {
    public var description: String { "no answer in time" }
}

/// Runs `body` in a task of its own and returns what it returns, or throws
/// `TimeLimitExceeded` once `limit` has passed — without waiting for a body that ignores
/// cancellation (a query on a connection the server dropped can wait forever; a task group
/// would wait with it). The body is cancelled when the limit passes or the caller is.
func withTimeLimit<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws
    -> T
{
    let outcome = OneShot<Result<T, any Error>>()
    let work = Task {
        do {
            outcome.offer(.success(try await body()))
        } catch {
            outcome.offer(.failure(error))
        }
    }
    let timer = Task {
        guard (try? await Task.sleep(for: limit)) != nil else { return }
        outcome.offer(.failure(TimeLimitExceeded()))
    }
    let result = await withTaskCancellationHandler {
        await outcome.wait()
    } onCancel: {
        outcome.offer(.failure(CancellationError()))
    }
    timer.cancel()
    work.cancel()
    return try (result ?? .failure(CancellationError())).get()
}
