import Foundation
import Testing
@testable import StudioHTTP

extension SocketTests {
    /// Load figures with `wrk` against the in-process server, on loopback, bounded in time. Off by
    /// default; run with `STUDIO_HTTP_BENCH=1 swift test -c release -Xswiftc -enable-testing
    /// --scratch-path .build-test --filter BenchmarkTests` (needs `apt-get install wrk`).
    @Suite(.enabled(if: ProcessInfo.processInfo.environment["STUDIO_HTTP_BENCH"] != nil),
           .timeLimit(.minutes(2)))
    struct BenchmarkTests {
        private func wrk(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: output, as: UTF8.self)
        }

        @Test func requestsPerSecond() async throws {
            let tree = try PublicTree()
            try Data(repeating: 65, count: 1024).write(to: tree.root.appendingPathComponent("one-k.txt"))
            let files = tree.responder
            let responder = ClosureResponder { request in
                request.path == "/hello" ? .text(.ok, "hello") : try await files.respond(to: request)
            }
            var configuration = HTTPServer.Configuration.testing
            configuration.headerTimeout = .seconds(10)
            configuration.idleTimeout = .seconds(30)
            try await withServer(configuration, responder: responder) { _, port in
                for (path, connections) in [("/hello", 50), ("/one-k.txt", 50), ("/song.mp3", 50), ("/hello", 1000)] {
                    let output = try wrk(["-t2", "-c\(connections)", "-d4s", "--latency", "http://127.0.0.1:\(port)\(path)"])
                    print("== \(path), \(connections) connections\n\(output)")
                }
                // With 100 slowloris clients holding connections open.
                let slow = try (0..<100).map { _ in try RawClient(port: port) }
                for client in slow { client.send("GET / HTTP/1.1\r\nHost: x\r\n") }
                let output = try wrk(["-t2", "-c50", "-d4s", "--latency", "http://127.0.0.1:\(port)/hello"])
                print("== /hello, 50 connections, 100 slowloris clients alongside\n\(output)")
            }
        }
    }
}
