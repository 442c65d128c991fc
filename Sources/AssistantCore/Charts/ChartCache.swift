import Synchronization

/// The last few charts drawn, by the data they show: the same candles (within their time in
/// the engine's cache) give the same picture, so it is drawn once.
final class ChartCache: Sendable {
    struct Key: Hashable {
        var pair: String
        var exchange: String
        var interval: String
        var lastOpenTime: Int64
        var lastClose: Double
        var lastVolume: Double
    }

    let capacity: Int
    private let entries = Mutex<[(key: Key, png: [UInt8])]>([])

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    func png(for key: Key) -> [UInt8]? {
        entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.png
        }
    }

    func store(_ png: [UInt8], for key: Key) {
        entries.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.append((key, png))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
