/// Finds an instrument for a query in an exchange's instrument list, or up to three close
/// matches to suggest.
enum SymbolResolver {
    static func find(_ query: SymbolQuery, in instruments: [Instrument]) -> Instrument? {
        instruments.first { $0.base == query.base && $0.quote == query.quote }
    }

    /// Bases quoted in the same currency, nearest first: shared prefix, then edit distance ≤ 2.
    static func suggestions(for query: SymbolQuery, in instruments: [Instrument], limit: Int = 3) -> [String] {
        let bases = Set(instruments.lazy.filter { $0.quote == query.quote }.map(\.base))
        let scored: [(String, Int)] = bases.compactMap { base in
            if base.hasPrefix(query.base) || query.base.hasPrefix(base) {
                return (base, abs(base.count - query.base.count))
            }
            let distance = editDistance(base, query.base, limit: 2)
            return distance <= 2 ? (base, distance + 1) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            var rowMinimum = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
