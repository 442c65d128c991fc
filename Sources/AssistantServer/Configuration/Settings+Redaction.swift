/// Settings hold secrets; any description or reflection of them (a log line that prints a
/// value, swift-service-lifecycle's debug dump of services) shows the masked report instead.
extension Settings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Settings(secrets masked)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension AppComponents: CustomStringConvertible, CustomReflectable {
    public var description: String { "AppComponents" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
