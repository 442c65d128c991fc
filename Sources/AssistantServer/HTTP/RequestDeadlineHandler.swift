import NIOCore

/// The connection-wide half of the slow-client guard, first in the pipeline (before TLS):
/// from the moment a connection opens, or goes quiet after its last response, the client
/// has `timeout` to deliver a complete request. A client that sends headers a byte at a
/// time, never finishes its body, or stalls in the TLS handshake is disconnected then, so
/// it cannot hold a connection (and its buffers) open for long.
///
/// `RequestProgressHandler`, after HTTP decoding, reports each request's progress here.
/// The clock runs whenever the client owes bytes (a request is being read) or nothing is
/// in flight (idle keep-alive); it stops only while every started request has been read
/// and the server is working on its answer.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let onExpiry: @Sendable () -> Void
    private var reading = 0
    private var responding = 0
    /// When the client's time runs out; nil while the clock is stopped.
    private var expiresAt: NIODeadline?
    /// At most one timer per connection. It is not cancelled when the clock stops or moved
    /// when it restarts: it fires, finds a later deadline or none, and sleeps again. Under
    /// keep-alive load that spares a schedule and a cancel per request.
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount, onExpiry: @escaping @Sendable () -> Void = {}) {
        self.timeout = timeout
        self.onExpiry = onExpiry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        update()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        context.fireChannelInactive()
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
        expiresAt = nil
    }

    func requestStarted() {
        reading += 1
        update()
    }

    func requestRead() {
        reading = max(reading - 1, 0)
        responding += 1
        update()
    }

    func responseSent() {
        responding = max(responding - 1, 0)
        update()
    }

    /// A request that ended without a response (its stream closed early).
    func requestAbandoned(wasRead: Bool) {
        if wasRead { responding = max(responding - 1, 0) } else { reading = max(reading - 1, 0) }
        update()
    }

    private func update() {
        let clockRuns = reading > 0 || responding == 0
        guard clockRuns else {
            expiresAt = nil
            return
        }
        guard expiresAt == nil, let context else { return }
        let deadline = context.eventLoop.now + timeout
        expiresAt = deadline
        if timer == nil { arm(at: deadline, context) }
    }

    private func arm(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            self?.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        guard let expiresAt, let context else { return }
        if context.eventLoop.now < expiresAt {
            arm(at: expiresAt, context)
        } else {
            expire(context)
        }
    }

    private func expire(_ context: ChannelHandlerContext) {
        expiresAt = nil
        guard context.channel.isActive else { return }
        onExpiry()
        context.close(promise: nil)
    }
}
