/// A value bound to a statement's `?` parameter.
enum SQLiteValue: Sendable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}
