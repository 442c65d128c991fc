/// At most `limit` pieces of work at once; the rest wait in arrival order.
actor ConcurrencyLimiter {
    private let limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextWaiter = 0

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if nextWaiter < waiters.count {
            // The permit passes straight to the next waiter; `running` stays the same.
            let waiter = waiters[nextWaiter]
            nextWaiter += 1
            if nextWaiter > 64 && nextWaiter * 2 > waiters.count {
                waiters.removeFirst(nextWaiter)
                nextWaiter = 0
            }
            waiter.resume()
        } else {
            running -= 1
        }
    }
}
