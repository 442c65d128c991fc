/// Runs `transform` over `items` with at most `limit` running at once, keeping input order;
/// a failing item gives nil rather than failing the whole scan.
public func boundedFanOut<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int, _ transform: @escaping @Sendable (Item) async throws -> Output
) async -> [Output?] {
    await withTaskGroup(of: (Int, Output?).self) { group in
        var results = [Output?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            guard next < items.count else { return }
            let index = next
            let item = items[index]
            next += 1
            group.addTask { (index, try? await transform(item)) }
        }
        for _ in 0..<max(1, limit) { start() }
        for await (index, output) in group {
            results[index] = output
            start()
        }
        return results
    }
}
