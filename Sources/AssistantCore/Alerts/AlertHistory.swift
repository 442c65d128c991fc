/// The readings of one value (a spot price, an open-interest sum) taken at each evaluation,
/// for `move` and `oi` alerts: bounded by age (the longest window) and by count.
struct AlertHistory: Sendable {
    static let maximumAge: Int64 = AlertWindow.range.upperBound * 1000
    static let maximumCount = 10_000

    /// (milliseconds since 1970, value), oldest first.
    private(set) var samples: [(time: Int64, value: Double)] = []

    mutating func record(_ value: Double, at time: Int64) {
        if let last = samples.last, time <= last.time { return }
        samples.append((time, value))
        let oldest = time - Self.maximumAge
        if let keep = samples.firstIndex(where: { $0.time >= oldest }), keep > 0 { samples.removeFirst(keep) }
        if samples.count > Self.maximumCount { samples.removeFirst(samples.count - Self.maximumCount) }
    }

    /// The largest change, in percent, from any reading at or after `since` to `now`
    /// (either way: a rise from the lowest or a fall from the highest), with `first` as a
    /// reading at `since` too.
    func largestChange(to now: Double, since: Int64, first: (time: Int64, value: Double)?) -> Double {
        var low = Double.infinity
        var high = -Double.infinity
        if let first, first.time >= since, first.value > 0 {
            low = first.value
            high = first.value
        }
        for sample in samples.reversed() {
            if sample.time < since { break }
            guard sample.value > 0 else { continue }
            low = min(low, sample.value)
            high = max(high, sample.value)
        }
        guard low.isFinite, high.isFinite else { return 0 }
        let rise = (now / low - 1) * 100
        let fall = (now / high - 1) * 100
        return abs(fall) > abs(rise) ? fall : rise
    }
}
