import Foundation
import Testing

/// `studio serve` logs each answered request on stderr, one line, without the query (signed
/// URLs) or a share token; `--quiet` logs none (issue #17).
@Suite struct ServeRequestLogTests {
    @Test func eachRequestIsOneLineWithoutQueryOrTokenAndQuietSilencesThem() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (process, port, log) = try ServeCommandTests.startServer(state: project.state, out: project.output)
        defer { if process.isRunning { process.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        #expect(try ServeCommandTests.request("GET", "\(base)/healthz?secret=hunter2").0 == 200)
        let token = "mss_" + String(repeating: "A", count: 32)
        #expect(try ServeCommandTests.request("GET", "\(base)/v1/music/shares/\(token)", headers: ["Request-Id": "trace-7"]).0 == 404)
        process.terminate()
        process.waitUntilExit()
        let text = try String(contentsOf: log, encoding: .utf8)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("GET ") }
        #expect(lines.count == 2, "\(text)")
        #expect(lines.first?.wholeMatch(of: /GET \/healthz 200 \d+\.\dms req_[0-9A-Za-z]{22}/) != nil, "\(text)")
        #expect(lines.last?.wholeMatch(of: /GET \/v1\/music\/shares\/\{token\} 404 \d+\.\dms trace-7/) != nil, "\(text)")
        #expect(!text.contains("hunter2") && !text.contains(token))

        let quiet = try SiteProject()
        defer { quiet.cleanUp() }
        let (silent, quietPort, quietLog) = try ServeCommandTests.startServer(state: quiet.state, out: quiet.output, arguments: ["--quiet"])
        defer { if silent.isRunning { silent.terminate() } }
        #expect(try ServeCommandTests.request("GET", "http://127.0.0.1:\(quietPort)/healthz").0 == 200)
        silent.terminate()
        silent.waitUntilExit()
        let quietText = try String(contentsOf: quietLog, encoding: .utf8)
        #expect(!quietText.contains("GET /healthz"), "\(quietText)")
    }
}
