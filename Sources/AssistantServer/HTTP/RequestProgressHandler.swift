import NIOCore
import NIOHTTPTypes

/// The HTTP half of the slow-client guard: watches decoded request parts and the response
/// going out, and tells the connection's `RequestDeadlineHandler` (in this pipeline for
/// HTTP/1.1, in the parent connection's for an HTTP/2 stream) when a request started, was
/// read in full, and was answered.
final class RequestProgressHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var deadline: RequestDeadlineHandler?
    /// Requests of this channel started and not yet read in full, or read and not answered.
    private var reading = 0
    private var responding = 0
    /// Requests answered while their body was still arriving.
    private var answeredEarly = 0

    init() {}

    func handlerAdded(context: ChannelHandlerContext) {
        if let own = try? context.pipeline.syncOperations.handler(type: RequestDeadlineHandler.self) {
            deadline = own
        } else if let parent = context.channel.parent, parent.eventLoop === context.eventLoop {
            // An HTTP/2 stream: its connection is the parent, on the same event loop.
            deadline = try? parent.pipeline.syncOperations.handler(type: RequestDeadlineHandler.self)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // An HTTP/2 stream closed half way: its request no longer holds the connection.
        for _ in 0..<reading { deadline?.requestAbandoned(wasRead: false) }
        for _ in 0..<responding { deadline?.requestAbandoned(wasRead: true) }
        reading = 0
        responding = 0
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            reading += 1
            deadline?.requestStarted()
        case .end:
            if answeredEarly > 0, reading > 0 {
                // Its response already went out: the request is simply finished.
                answeredEarly -= 1
                reading -= 1
                deadline?.requestAbandoned(wasRead: false)
            } else if reading > 0 {
                reading -= 1
                responding += 1
                deadline?.requestRead()
            }
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            if responding > 0 {
                responding -= 1
                deadline?.responseSent()
            } else if reading > 0 {
                // Answered before the body was read (401, 413): the clock keeps running
                // until the client finishes sending it.
                answeredEarly += 1
            }
        }
        context.write(data, promise: promise)
    }
}
