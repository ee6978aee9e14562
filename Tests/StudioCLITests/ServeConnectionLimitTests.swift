import Foundation
import Glibc
import Testing

/// `studio serve` holds as many connections as its cap says, whatever soft limit on open files
/// it was started with, and answers the ones past `--max-connections` with 503.
@Suite struct ServeConnectionLimitTests {
    /// A keep-alive connection that has had one `GET /healthz` answered; `nil` when the server
    /// closed it or answered anything else. `status` gets what it answered.
    static func keptAliveConnection(port: Int, status: inout Int, retryAfter: inout String?) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard connected == 0, request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            close(fd)
            status = -1
            return nil
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // The answers are small: the whole response has arrived once its body (a JSON object) closes.
        while !(String(decoding: received, as: UTF8.self).contains("\r\n\r\n") && received.last == UInt8(ascii: "}")) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? -1
        retryAfter = text.firstMatch(of: /\r\nRetry-After: (\d+)\r\n/).map { String($0.output.1) }
        guard status == 200 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// With a soft limit of 256 open files (a hard limit above it, as on most systems), the
    /// server used to run out of descriptors after about 240 connections and close the rest
    /// without an answer, far below its cap of 4096.
    @Test func aLowSoftLimitOnOpenFilesDoesNotCapConnections() throws {
        var hard = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &hard)
        guard hard.rlim_max > 1024 else { return }   // nothing to raise on this machine
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (process, port, _) = try ServeCommandTests.startServer(state: project.state, out: project.output, softFileLimit: 256)
        defer { process.terminate(); process.waitUntilExit() }
        var open: [Int32] = []
        defer { open.forEach { close($0) } }
        var statuses: [Int: Int] = [:]
        for _ in 0..<400 {
            var status = 0
            var retryAfter: String?
            if let fd = Self.keptAliveConnection(port: port, status: &status, retryAfter: &retryAfter) { open.append(fd) }
            statuses[status, default: 0] += 1
        }
        #expect(open.count == 400, "answers: \(statuses)")
    }

    @Test func connectionsPastMaxConnectionsGet503WithRetryAfter() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (process, port, _) = try ServeCommandTests.startServer(state: project.state, out: project.output, softFileLimit: 1024,
                                                                   arguments: ["--max-connections", "3"])
        defer { process.terminate(); process.waitUntilExit() }
        var open: [Int32] = []
        defer { open.forEach { close($0) } }
        var status = 0
        var retryAfter: String?
        for _ in 0..<3 {
            if let fd = Self.keptAliveConnection(port: port, status: &status, retryAfter: &retryAfter) { open.append(fd) }
        }
        #expect(open.count == 3)
        #expect(Self.keptAliveConnection(port: port, status: &status, retryAfter: &retryAfter) == nil)
        #expect(status == 503 && retryAfter == "1", "past the cap: \(status)")
        close(open.removeLast())
        Thread.sleep(forTimeInterval: 0.3)
        if let fd = Self.keptAliveConnection(port: port, status: &status, retryAfter: &retryAfter) { open.append(fd) }
        #expect(open.count == 3, "a closed connection makes room: \(status)")
    }
}
