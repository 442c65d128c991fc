import HummingbirdCore
import Logging
import NIOCore

/// A Hummingbird child channel (HTTP/1.1, or TLS with HTTP/2) with the slow-client guard
/// put in front of everything else, so that the clock covers the TLS handshake too.
struct DeadlineGuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let timeout: TimeAmount
    let onExpiry: @Sendable () -> Void

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(
                RequestDeadlineHandler(timeout: timeout, onExpiry: onExpiry), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
