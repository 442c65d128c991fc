import Foundation

/// A bare TCP connection to 127.0.0.1 for clients no HTTP library would be: one that
/// sends a request a byte at a time, or nothing at all.
final class RawConnection {
    let fd: Int32
    let opened = ContinuousClock.now
    /// When the server was seen closing the connection.
    private(set) var closedAt: ContinuousClock.Instant?

    init(port: Int) throws {
        // Connected before `fd` is stored: a failed init must not reach `deinit`, which would
        // close the descriptor a second time — by then perhaps another test's file or socket.
        fd = try Self.connect(port: port)
    }

    private static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return fd
    }

    deinit { close(fd) }

    var isClosed: Bool { closedAt != nil }

    /// Sends bytes without blocking; a failed send means the server has gone.
    func send(_ bytes: [UInt8]) {
        guard !isClosed, !bytes.isEmpty else { return }
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent < 0, errno != EAGAIN, errno != EWOULDBLOCK { closedAt = .now }
    }

    /// Reads whatever arrived; notes the close when the server ended the connection.
    func poll() {
        guard !isClosed else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 { continue }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { closedAt = .now }
            return
        }
    }
}

/// Open file descriptors and resident memory of another process, from /proc.
enum ProcessProbe {
    static func openFiles(of pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    static func residentKiB(of pid: Int32) -> Int {
        field("VmRSS", of: pid)
    }

    /// Resident memory the process allocated (heap, stacks), without the pages of its
    /// executable and libraries that it has merely touched.
    static func anonymousKiB(of pid: Int32) -> Int {
        field("RssAnon", of: pid)
    }

    private static func field(_ name: String, of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        return -1
    }
}
