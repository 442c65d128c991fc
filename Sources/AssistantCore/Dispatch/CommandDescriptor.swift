/// What `/help`, `setMyCommands` and the dispatcher know about one command. Its line in the
/// menu, in each language, is `Phrasebook.summary(of:usage:)`.
public struct CommandDescriptor: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    /// One line, e.g. `/price [SYMBOL] [exchange|all]`.
    public var usage: String
    /// Reads a person's exchange account; answered only in allow-listed chats.
    public var isPrivate: Bool
    /// Its reply gets a "↻ refresh" button that answers again in place (market data).
    public var isRefreshable: Bool
    /// Its reply also gets a "📊 chart" button: the command that `drawsCharts`, with the
    /// same words.
    public var offersChart: Bool
    /// It answers with a chart of the words the other market commands take.
    public var drawsCharts: Bool

    public init(
        name: String, aliases: [String] = [], usage: String, isPrivate: Bool = false,
        isRefreshable: Bool = false, offersChart: Bool = false,
        drawsCharts: Bool = false
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.isPrivate = isPrivate
        self.isRefreshable = isRefreshable
        self.offersChart = offersChart
        self.drawsCharts = drawsCharts
    }
}
