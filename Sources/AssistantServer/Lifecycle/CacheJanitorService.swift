import MarketEngine
import ServiceLifecycle

/// Drops expired market-data entries every minute, so memory taken by a burst of distinct
/// symbols is given back even when no new entry would trigger eviction.
struct CacheJanitorService: Service {
    let cache: CoalescingCache<AppClock>
    let clock: AppClock
    var interval: Duration = .seconds(60)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            cache.purgeExpired()
        }
    }
}
