/// How `/top10` orders pairs.
public enum TopRanking: String, Sendable, CaseIterable, Codable {
    case volume
    case gainers
    case losers
}
