#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import StudioHTTP

/// Every suite that talks to a real server, run one test at a time. The test client blocks in
/// `recv`, and so holds one of the (on this machine, two) threads of Swift's cooperative pool; two
/// such tests at once would leave none for the server's responder tasks.
@Suite(.serialized) enum SocketTests {}

/// A response as the test client read it off the wire.
struct RawResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A tiny blocking HTTP client over a raw socket, so that tests can send exactly the bytes they
/// mean — malformed ones included — and see exactly what comes back. Every read has a timeout, so
/// no test can hang on it.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// `source` binds the client to another loopback address (127.0.0.2, …), so that one test
    /// can be several clients to the server.
    init(port: Int, timeout: Double = 3, source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                throw ClientError(description: "bind to \(source) failed: \(String(cString: strerror(errno)))")
            }
        }
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
        setTimeout(timeout)
    }

    func setTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            offset += count
        }
    }

    /// Reads more bytes into the buffer; false on end of file, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// One response; `head` for a response to HEAD (no content whatever Content-Length says).
    func readResponse(head: Bool = false) throws -> RawResponse {
        let separator = Array("\r\n\r\n".utf8)
        var end: Int?
        while end == nil {
            if let range = buffer.firstRange(of: separator) { end = range.upperBound; break }
            guard fill() else { throw ClientError(description: "no complete response head; got \(String(decoding: buffer, as: UTF8.self).debugDescription)") }
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

    /// Sends `request` and reads its response.
    func exchange(_ request: String, head: Bool = false) throws -> RawResponse {
        send(request)
        return try readResponse(head: head)
    }

    /// Whether the server closed the connection (end of file) within the read timeout; bytes
    /// received before it are ignored.
    func waitForClose() -> Bool {
        while true {
            var byte = [UInt8](repeating: 0, count: 4096)
            let count = byte.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }
}

/// Runs `body` against a server started on an ephemeral port, and always stops it.
func withServer<T>(_ configuration: HTTPServer.Configuration = .testing, responder: any HTTPResponder,
                   _ body: (HTTPServer, Int) async throws -> T) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    let server = HTTPServer(configuration: configuration, responder: responder)
    let port = try server.start()
    do {
        let result = try await body(server, port)
        await server.stop(gracePeriod: .milliseconds(500))
        return result
    } catch {
        await server.stop(gracePeriod: .milliseconds(500))
        throw error
    }
}

extension HTTPServer.Configuration {
    /// Timeouts of a few hundred milliseconds, so that timeout tests are quick.
    static var testing: HTTPServer.Configuration {
        HTTPServer.Configuration(host: "127.0.0.1", port: 0, maximumConnections: 2000,
                                 headerTimeout: .milliseconds(300), bodyTimeout: .milliseconds(300),
                                 idleTimeout: .milliseconds(600), writeTimeout: .milliseconds(500),
                                 lingerTimeout: .milliseconds(200), shutdownGracePeriod: .seconds(2))
    }
}

/// Answers `/echo` with the request's body, `/slow?ms=N` after N ms, `/fail` by throwing, and
/// anything else with the method and path.
struct EchoResponder: HTTPResponder {
    struct Failure: Error {}

    func respond(to request: HTTPRequest) async throws -> HTTPResponse {
        switch request.path {
        case "/echo":
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], bytes: request.body)
        case "/slow":
            let milliseconds = Int(request.query("ms") ?? "100") ?? 100
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return .text(.ok, "slow \(milliseconds)")
        case "/fail":
            throw Failure()
        case "/upload":
            return .text(.ok, "\(request.body.count)")
        default:
            return .text(.ok, "\(request.method) \(request.path)")
        }
    }

    func maximumBodySize(for head: HTTPRequest) -> Int? {
        head.path == "/upload" ? 4 * 1024 * 1024 : nil
    }
}
