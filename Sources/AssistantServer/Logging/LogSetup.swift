import Logging

/// Bootstraps swift-log once per process: text for terminals, one JSON object per line for
/// log collectors (CloudWatch), on standard error.
public enum LogSetup {
    public static func bootstrap(level: Logger.Level, format: LogFormat) {
        LoggingSystem.bootstrap { label in
            var handler = StandardErrorLogHandler(label: label, format: format)
            handler.logLevel = level
            return handler
        }
    }
}
