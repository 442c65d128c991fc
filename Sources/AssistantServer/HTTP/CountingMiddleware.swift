import Hummingbird

/// Counts every request that reaches its group, before anything may refuse it (the
/// webhook's `received`).
struct CountingMiddleware<Context: RequestContext>: RouterMiddleware {
    let counters: PipelineCounters
    let counter: PipelineCounters.Counter

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        counters.add(counter)
        return try await next(request, context)
    }
}
