/// What `/help`, `setMyCommands` and the dispatcher know about one command.
public struct CommandDescriptor: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    /// One line, e.g. `/price [SYMBOL] [exchange|all]`.
    public var usage: String
    /// 1–256 characters, shown in Telegram's command menu.
    public var summary: String
    /// Reads a person's exchange account; answered only in allow-listed chats.
    public var isPrivate: Bool
    /// Its reply gets a "↻ refresh" button that answers again in place (market data).
    public var isRefreshable: Bool
    /// Its reply also gets a "📊 chart" button (`/chart` with the same words).
    public var offersChart: Bool

    public init(
        name: String, aliases: [String] = [], usage: String, summary: String, isPrivate: Bool = false,
        isRefreshable: Bool = false, offersChart: Bool = false
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.isPrivate = isPrivate
        self.isRefreshable = isRefreshable
        self.offersChart = offersChart
    }
}
