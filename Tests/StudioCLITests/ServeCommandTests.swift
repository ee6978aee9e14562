import Foundation
import Glibc
import StudioStore
import Testing

/// `studio serve` as a process: it prints where it listens, answers, refuses jobs for engines
/// that cannot run, and stops cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    /// Starts `studio serve --port 0` and reads the port from its first line of output. With
    /// `softFileLimit`, through `sh`, which sets that soft limit on open files and then execs the
    /// server (so the process is the server itself).
    static func startServer(state: URL, out: URL, environment: [String: String] = [:], softFileLimit: Int? = nil,
                            arguments extra: [String] = []) throws -> (Process, Int, URL) {
        let log = state.deletingLastPathComponent().appendingPathComponent("serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        let arguments = ["serve", "--port", "0", "--state", state.path, "--out", out.path, "--templates", SiteProject.templates,
                         "--workers", "1"] + extra
        if let softFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -Sn \(softFileLimit) && exec \"$0\" \"$@\"", StudioProcess.executable.path] + arguments
        } else {
            process.executableURL = StudioProcess.executable
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let match = text.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\//), let port = Int(match.output.1) {
                return (process, port, log)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "studio serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")"])
    }

    /// An organization "acme" with an owner, made with the account commands: its id and the
    /// owner's bearer token.
    static func makeOwner(_ project: SiteProject) throws -> (orgID: String, token: String) {
        let state = ["--state", project.state.path]
        let org = try StudioProcess.run(["orgs", "create", "acme", "--json"] + state)
        let orgID = try #require(try JSONSerialization.jsonObject(with: Data(org.stdout.utf8)) as? [String: String])["id"]!
        let user = try StudioProcess.run(["users", "create", "a@example.com", "--org", "acme", "--role", "owner", "--json"] + state)
        let token = try #require(try JSONSerialization.jsonObject(with: Data(user.stdout.utf8)) as? [String: String])["token"]!
        return (orgID, token)
    }

    /// One HTTP/1.1 exchange over a fresh connection (`Connection: close`): enough of a client for
    /// a smoke test, written on the socket API so that it needs nothing installed.
    static func request(_ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil) throws -> (Int, String) {
        let parts = url.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)(\/.*)/)!
        let port = UInt16(parts.output.1)!, path = String(parts.output.2)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        let payload = Array((body ?? "").utf8)
        text += "Content-Length: \(payload.count)\r\n\r\n"
        let bytes = Array(text.utf8) + payload
        _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        let whole = String(decoding: response, as: UTF8.self)
        let status = Int(whole.split(separator: " ").dropFirst().first ?? "") ?? -1
        let content = whole.range(of: "\r\n\r\n").map { String(whole[$0.upperBound...]) } ?? ""
        return (status, content)
    }

    /// With `--port 0` the links name the port the system chose (they used to say `:0`), and
    /// `STUDIO_CACHE` names the render cache the server's workers and media use, as for `studio build`.
    @Test func portZeroLinksNameTheBoundPortAndTheServerUsesTheNamedCache() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let cache = project.root.appendingPathComponent("shared-cache")
        let (process, port, _) = try Self.startServer(state: project.state, out: project.output,
                                                      environment: ["STUDIO_CACHE": cache.path])
        defer { if process.isRunning { process.terminate() } }
        let (status, body) = try Self.request("GET", "http://127.0.0.1:\(port)/v1/openapi.json")
        #expect(status == 200)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let servers = try #require(document["servers"] as? [[String: Any]])
        #expect(servers.first?["url"] as? String == "http://127.0.0.1:\(port)")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: cache.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(!FileManager.default.fileExists(atPath: project.state.appendingPathComponent("renders").path))
    }

    @Test func jobsForEnginesWithoutTheirSoundFontAreRefusedAndSIGTERMStopsCleanly() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (orgID, token) = try Self.makeOwner(project)

        let (process, port, log) = try Self.startServer(state: project.state, out: project.output,
                                                        environment: ["STUDIO_SOUNDFONT": "/nonexistent/none.sf2"])
        defer { if process.isRunning { process.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        #expect(try Self.request("GET", "\(base)/healthz").0 == 200)
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let (status, body) = try Self.request("POST", "\(base)/v1/organizations/\(orgID)/music/generations", headers: auth,
                                              body: #"{"engine_key": "keys-1", "prompt": "piano", "duration_seconds": 10}"#)
        #expect(status == 202, "\(body)")
        let job = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(job["status"] as? String == "refused")
        #expect((job["refusal"] as? [String: Any])?["code"] as? String == "engine_disabled")
        let message: String = (job["refusal"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("fluid-soundfont-gm"), "\(message)")
        let engines = try Self.request("GET", "\(base)/v1/organizations/\(orgID)/music/engines", headers: auth).1
        #expect(engines.contains("\"enabled\":false"))

        process.terminate()   // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let wal = project.state.appendingPathComponent("state.sqlite-wal")
        let walSize = (try? FileManager.default.attributesOfItem(atPath: wal.path)[.size] as? Int) ?? 0
        #expect(walSize == 0, "a graceful stop checkpoints the write-ahead log")
    }

    @Test func aServerKilledWithJobsQueuedAndRunningFinishesEachExactlyOnceAfterARestart() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (orgID, token) = try Self.makeOwner(project)
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]

        var (process, port, _) = try Self.startServer(state: project.state, out: project.output)
        var base = "http://127.0.0.1:\(port)/v1/organizations/\(orgID)/music"
        var jobs: [String] = []
        for index in 0..<4 {
            let (status, body) = try Self.request("POST", "\(base)/generations", headers: auth,
                                                  body: #"{"engine_key": "pulse-1", "prompt": "techno \#(index)", "duration_seconds": 240}"#)
            #expect(status == 202, "\(body)")
            jobs.append(try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["id"] as? String))
        }
        let cancelled = jobs.removeLast()
        #expect(try Self.request("POST", "\(base)/generations/\(cancelled)/cancel", headers: auth).0 == 200)
        // Kill it while the first job renders and the others wait.
        let deadline = Date().addingTimeInterval(20)
        var sawRunning = false
        while Date() < deadline && !sawRunning {
            let (_, body) = try Self.request("GET", "\(base)/generations/\(jobs[0])", headers: auth)
            sawRunning = body.contains("\"status\":\"running\"")
            if !sawRunning { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(sawRunning, "the kill must land while a job renders")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        (process, port, _) = try Self.startServer(state: project.state, out: project.output)
        defer { if process.isRunning { process.terminate() } }
        base = "http://127.0.0.1:\(port)/v1/organizations/\(orgID)/music"
        var statuses: [String: String] = [:]
        let finish = Date().addingTimeInterval(120)
        while Date() < finish {
            for job in jobs + [cancelled] {
                let (_, body) = try Self.request("GET", "\(base)/generations/\(job)", headers: auth)
                statuses[job] = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["status"] as? String
            }
            if jobs.allSatisfy({ statuses[$0] == "succeeded" }) { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(jobs.allSatisfy { statuses[$0] == "succeeded" }, "\(statuses)")
        #expect(statuses[cancelled] == "cancelled")
        process.terminate()
        process.waitUntilExit()

        let store = try StateStore(directory: project.state)
        let tracks = try store.tracks(organizationID: orgID).items
        #expect(tracks.count == jobs.count, "one track per job, none duplicated")
        let sources = tracks.compactMap { track -> String? in if case .generation(let job) = track.source { job } else { nil } }
        #expect(Set(sources) == Set(jobs))
        let usage = try store.usage(organizationID: orgID, from: .distantPast, to: .distantFuture)
        #expect(usage.generatedSeconds == Double(jobs.count) * 240, "the ledger counts each job once")
        #expect(usage.byEngine.first?.generations == jobs.count)
        #expect(try store.integrityCheck() == "ok")
    }
}
