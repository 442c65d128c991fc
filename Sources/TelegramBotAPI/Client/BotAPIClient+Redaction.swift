/// The client holds the bot token: it never describes or reflects it.
extension BotAPIClient: CustomStringConvertible, CustomReflectable {
    public var description: String { "BotAPIClient(token masked)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
