/// How far back a change is measured, in hours: the `/oi` columns.
public enum Horizon: Int, Sendable, CaseIterable, Codable, CodingKeyRepresentable, Comparable {
    case hour = 1
    case fourHours = 4
    case day = 24

    public var hours: Int { rawValue }

    public static func < (lhs: Horizon, rhs: Horizon) -> Bool { lhs.rawValue < rhs.rawValue }
}
