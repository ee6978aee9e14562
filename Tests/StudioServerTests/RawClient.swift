#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StudioHTTP

/// A response as the test client read it off the wire.
struct RawResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A tiny blocking HTTP client over a raw socket (copied from StudioHTTPTests and trimmed), so
/// that tests send exactly the bytes they mean, malformed ones included. Every read has a
/// timeout. Its blocking calls run on a Dispatch queue, never on Swift's cooperative pool (two
/// threads on a 2-core machine), which the server's responders need.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []
    private let queue = DispatchQueue(label: "raw-client")

    init(port: Int, timeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw ClientError(description: "connect failed: \(String(cString: strerror(errno)))")
        }
        var value = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Runs blocking socket work off the cooperative pool.
    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Sends `bytes` and reads one response (`head`: the response to a HEAD request).
    func exchange(_ bytes: [UInt8], head: Bool = false) async throws -> RawResponse {
        try await offPool { [self] in
            sendAll(bytes)
            return try readResponse(head: head)
        }
    }

    func exchange(_ text: String, head: Bool = false) async throws -> RawResponse {
        try await exchange(Array(text.utf8), head: head)
    }

    /// Whether the server closes the connection (end of file or reset) within the read timeout.
    func waitForClose() async throws -> Bool {
        try await offPool { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count == 0 { return true }
                if count < 0 { return errno == ECONNRESET }
            }
        }
    }

    private func sendAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            offset += count
        }
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func readResponse(head: Bool) throws -> RawResponse {
        let separator = Array("\r\n\r\n".utf8)
        var end: Int?
        while end == nil {
            if let range = buffer.firstRange(of: separator) { end = range.upperBound; break }
            guard fill() else {
                throw ClientError(description: "no complete response head; got \(String(decoding: buffer, as: UTF8.self).debugDescription)")
            }
        }
        let headText = String(decoding: buffer[0..<end!], as: UTF8.self)
        buffer.removeSubrange(0..<end!)
        var lines = headText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError(description: "bad status line") }
        var headers = HTTPHeaders()
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers.append(parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "", for: String(parts[0]))
        }
        var body: [UInt8] = []
        if !head && status != 304 && status != 204 && status >= 200 {
            let length = Int(headers["Content-Length"] ?? "0") ?? 0
            while buffer.count < length {
                guard fill() else { throw ClientError(description: "body cut short at \(buffer.count) of \(length)") }
            }
            body = Array(buffer[0..<length])
            buffer.removeSubrange(0..<length)
        }
        return RawResponse(status: status, headers: headers, body: body)
    }
}
