import Foundation
import Glibc
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #17 item 5: a job's life as server-sent events, streamed while it runs.
    @Suite struct GenerationEventTests {
        @Test func eventsFollowTheJobToItsTrackAndTheStreamEnds() async throws {
            try await StudioTestServer.with { s in
                let created = try await s.createGeneration(s.userA, duration: 15)
                let jobID = try #require(created["id"]?.string)
                let raw = StudioTestServer.requestBytes("GET", "\(s.p())/generations/\(jobID)/events", auth: s.userA.auth)
                let (head, body) = try await RawStream.read(port: s.port, request: raw, deadline: 90)
                #expect(head.hasPrefix("HTTP/1.1 200"), "\(head)")
                #expect(head.lowercased().contains("content-type: text/event-stream"))
                #expect(!head.lowercased().contains("content-length"))
                #expect(head.contains("Request-Id: req_"))
                // The first bytes arrive while the job is still going: streamed, not sent at the end.
                let firstAt = try #require(body.first?.at)
                let lastAt = try #require(body.last?.at)
                #expect(lastAt.timeIntervalSince(firstAt) > 0.1, "everything arrived at once")
                let text = body.map(\.text).joined()
                let events = text.components(separatedBy: "\n\n").compactMap { block -> (String, JSONValue)? in
                    let lines = block.split(separator: "\n")
                    guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                          let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                          let json = try? JSONValue.parse(Data(data.utf8)) else { return nil }
                    return (String(name), json)
                }
                let names = events.map(\.0)
                #expect(names.first == "status")
                #expect(names.suffix(2) == ["track", "end"], "\(names)")
                let statuses = events.filter { $0.0 == "status" }.compactMap { $0.1["status"]?.string }
                #expect(statuses.last == "succeeded", "\(statuses)")
                #expect(events.first { $0.0 == "track" }?.1["object"]?.string == "track")
                // Another organization cannot follow it.
                let other = try await s.send("GET", "\(s.p(s.org2))/generations/\(jobID)/events", auth: s.userC.auth)
                #expect(other.status == 404)
            }
        }

        @Test func aClientLeavingMidStreamAndAHeadRequestLeaveTheServerWell() async throws {
            try await StudioTestServer.with { s in
                let created = try await s.createGeneration(s.userA, duration: 30)
                let jobID = try #require(created["id"]?.string)
                let path = "\(s.p())/generations/\(jobID)/events"
                // Read the first event, then hang up while the job still runs.
                let first = try await RawStream.readFirst(port: s.port, request: StudioTestServer.requestBytes("GET", path, auth: s.userA.auth))
                #expect(first.contains("event: status"), "\(first)")
                let head = try await s.send("HEAD", path, auth: s.userA.auth)
                #expect(head.status == 200)
                #expect(head.headers["Content-Type"]?.hasPrefix("text/event-stream") == true)
                #expect(try await s.send("GET", "/healthz").status == 200)
                #expect(try await s.send("POST", "\(s.p())/generations/\(jobID)/cancel", auth: s.userA.auth).status == 200)
                #expect(try await s.isHealthy())
            }
        }
    }
}

/// Reads one streamed response to its close, noting when each piece arrived.
enum RawStream {
    struct Piece { let at: Date; let text: String }

    static func read(port: Int, request: [UInt8], deadline seconds: Double) async throws -> (head: String, body: [Piece]) {
        try await Task.detached {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { Glibc.close(socket) }
            var timeout = timeval(tv_sec: Int(seconds), tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw ClientError(description: "connect failed") }
            _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            var received: [UInt8] = []
            var pieces: [Piece] = []
            var head: String?
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                if count <= 0 { break }
                if head == nil {
                    received += buffer[0..<count]
                    let text = String(decoding: received, as: UTF8.self)
                    if let end = text.range(of: "\r\n\r\n") {
                        head = String(text[..<end.lowerBound])
                        let rest = String(text[end.upperBound...])
                        if !rest.isEmpty { pieces.append(Piece(at: Date(), text: rest)) }
                    }
                } else {
                    pieces.append(Piece(at: Date(), text: String(decoding: buffer[0..<count], as: UTF8.self)))
                }
            }
            return (head ?? "", pieces)
        }.value
    }

    /// Connects, sends `request`, returns the first bytes that come back, and hangs up.
    static func readFirst(port: Int, request: [UInt8]) async throws -> String {
        try await Task.detached {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { Glibc.close(socket) }
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw ClientError(description: "connect failed") }
            _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !String(decoding: received, as: UTF8.self).contains("event: status") {
                let count = recv(socket, &buffer, buffer.count, 0)
                if count <= 0 { break }
                received += buffer[0..<count]
            }
            return String(decoding: received, as: UTF8.self)
        }.value
    }
}
