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
    private var deadline: Scheduled<Void>?
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
        deadline?.cancel()
        deadline = nil
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
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
        if !clockRuns {
            deadline?.cancel()
            deadline = nil
        } else if deadline == nil, let context {
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                self?.expire()
            }
        }
    }

    private func expire() {
        deadline = nil
        guard let context, context.channel.isActive else { return }
        onExpiry()
        context.close(promise: nil)
    }
}
