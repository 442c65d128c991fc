/// A multipart/form-data body (RFC 7578), built in memory: the only upload is a certificate
/// of a few KiB.
public struct MultipartFormBody: Sendable {
    public let boundary: String
    public private(set) var bytes: [UInt8] = []

    public init(boundary: String = "crypto-assistant-\(UInt64.random(in: .min ... .max))") {
        self.boundary = boundary
    }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    public mutating func append(name: String, value: String) {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8)
        bytes += Array(value.utf8)
        bytes += Array("\r\n".utf8)
    }

    public mutating func appendFile(name: String, filename: String, contentType: String, data: [UInt8]) {
        bytes += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n"
                .utf8)
        bytes += data
        bytes += Array("\r\n".utf8)
    }

    /// The body with its closing delimiter.
    public var finished: [UInt8] { bytes + Array("--\(boundary)--\r\n".utf8) }
}
