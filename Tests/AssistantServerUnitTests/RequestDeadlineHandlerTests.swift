import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import AssistantServer

/// The slow-client guard keeps time on its connection's event loop (NIO schedules its
/// timer there); an embedded loop moves that time by hand.
@Suite struct RequestDeadlineHandlerTests {
    final class Expiries: Sendable {
        let count = Mutex(0)
    }

    func connected(timeout: TimeAmount) throws -> (EmbeddedChannel, RequestDeadlineHandler, Expiries) {
        let expiries = Expiries()
        let handler = RequestDeadlineHandler(timeout: timeout) { expiries.count.withLock { $0 += 1 } }
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, handler, expiries)
    }

    @Test func aClientThatSendsNothingIsDisconnectedWhenItsTimeIsUp() throws {
        let (channel, _, expiries) = try connected(timeout: .seconds(10))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive && expiries.count.withLock { $0 } == 0)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive && expiries.count.withLock { $0 } == 1)
    }

    @Test func theClockStopsWhileTheServerAnswersAndRestartsAfter() throws {
        let (channel, handler, expiries) = try connected(timeout: .seconds(10))
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        handler.requestStarted()
        handler.requestRead()  // read whole: the server owes the answer now
        channel.embeddedEventLoop.advanceTime(by: .seconds(3600))
        #expect(channel.isActive, "no limit on the server's own time")
        handler.responseSent()  // idle keep-alive: the client's time runs again, from now
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive && expiries.count.withLock { $0 } == 1)
    }

    @Test func aRequestStillBeingReadKeepsTheClockRunning() throws {
        let (channel, handler, _) = try connected(timeout: .seconds(10))
        handler.requestStarted()  // headers came; the body never does
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(!channel.isActive)
    }
}
