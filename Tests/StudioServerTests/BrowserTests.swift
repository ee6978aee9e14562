import Foundation
import Glibc
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #6, "Must show": headless Chromium (Debian's `chromium`) opens the share page of a
    /// track, the share page of a collection and the focus player, all served by the real app,
    /// and `scripts/browser-check.py` reports over the DevTools protocol what each page did.
    /// Screenshots are kept in `$STUDIO_ARTIFACTS` (default `.build-test/artifacts/browser/`).
    @Suite struct BrowserTests {
        static let script = StudioTestServer.repository.appendingPathComponent("scripts/browser-check.py")
        static var artifacts: URL {
            if let path = ProcessInfo.processInfo.environment["STUDIO_ARTIFACTS"] { return URL(fileURLWithPath: path) }
            return StudioTestServer.repository.appendingPathComponent(".build-test/artifacts/browser")
        }

        @Test func sharePagesAndTheFocusPlayerPlayInHeadlessChromium() async throws {
            guard Self.executable("chromium") != nil else {
                Issue.record("chromium is not installed: run `make test`, which installs it (Debian package `chromium`)")
                return
            }
            let port = try Self.freePort()
            try await StudioTestServer.with(port: port) { s in
                let base = "http://127.0.0.1:\(port)"
                // Two short tracks, shared alone and as a collection.
                let first = try await s.makeTrack(s.userA, prompt: "warm evolving pads at dusk", duration: 8)
                let second = try await s.makeTrack(s.userA, prompt: "driving techno at dawn", duration: 8)
                let trackShare = try await s.send("POST", "\(s.p())/tracks/\(first)/share", auth: s.userA.auth)
                #expect(trackShare.status == 201, "\(trackShare.text)")
                let collection = try await s.send("POST", "\(s.p())/collections", json: ["name": "Morning focus"], auth: s.userA.auth)
                let collectionID = try #require(collection["id"]?.string)
                for track in [first, second] {
                    let added = try await s.send("POST", "\(s.p())/collections/\(collectionID)/tracks", json: ["track_id": .string(track)],
                                                 auth: s.userA.auth)
                    #expect(added.status == 201, "\(added.text)")
                }
                let collectionShare = try await s.send("POST", "\(s.p())/collections/\(collectionID)/share", auth: s.userA.auth)
                #expect(collectionShare.status == 201, "\(collectionShare.text)")

                // A focus session of user C, opened with C's API key: short segments so that two are ready soon.
                let started = try await s.send("POST", "\(s.p(s.org2))/focus-sessions", json: [
                    "engine_key": "pulse-1", "prompt": "steady beat for deep work", "target_duration_seconds": 60,
                    "segment_duration_seconds": 12, "crossfade_seconds": 3,
                ], auth: .apiKey(s.keyC))
                #expect(started.status == 201, "\(started.text)")
                let session = try #require(started["id"]?.string)

                for (name, share) in [("track", trackShare), ("collection", collectionShare)] {
                    let url = try #require(share["url"]?.string)
                    #expect(url.hasPrefix(base))
                    try await Self.waitForPage(s, StudioTestServer.localPath(url))
                    let report = try Self.run(mode: "share", url: url, name: name)
                    Self.expectClean(report, name)
                    let times = report["current_time"]?.array?.compactMap(\.number) ?? []
                    #expect(times.count == 2 && times[1] - times[0] > 0.5, "\(name) page: the audio's currentTime must advance: \(times)")
                    #expect(report["badge"]?["visible"] == true, "\(name) page: the licence badge must be visible: \(report.serialized())")
                    #expect(report["badge"]?["text"]?.string?.isEmpty == false)
                    if name == "collection" {
                        #expect(report["badges"] == 2, "one licence badge per track")
                        #expect(report["status_text"]?.string?.contains("Playing track 1 of 2") == true)
                    }
                }

                let focusURL = "\(base)/focus/#session=\(session)&org=\(s.org2)&key=\(s.keyC)"
                let report = try Self.run(mode: "focus", url: focusURL, name: "focus", timeout: 40)
                Self.expectClean(report, "focus")
                #expect(report["ready"]?["decoded"]?.number ?? 0 >= 2, "two segments decoded before playing: \(report.serialized())")
                let snapshots = report["snapshots"]?.array ?? []
                let contextTimes = snapshots.compactMap { $0["context_time"]?.number }
                let elapsed = snapshots.compactMap { $0["elapsed"]?.number }
                #expect(snapshots.first?["state"] == "playing", "Space starts the player: \(report.serialized())")
                #expect(contextTimes.count == 2 && contextTimes[1] - contextTimes[0] > 0.5, "the AudioContext runs: \(contextTimes)")
                #expect(elapsed.count == 2 && elapsed[1] - elapsed[0] > 0.5, "the session clock advances: \(elapsed)")
                #expect(snapshots.last?["scheduled"]?.number ?? 0 >= 2, "the next segment is scheduled ahead of time")
                let promoted = report["promoted"]?.string ?? ""
                let trackID = try #require(promoted.firstMatch(of: /mtrack_[A-Za-z0-9_-]+/).map { String($0.output) },
                                           "P shows the promoted track: \(report.serialized())")
                #expect(report["progress"]?.string?.hasSuffix("of 1:00") == true)
                #expect(report["dialog_open"] == true, "E asks for confirmation")
                #expect(report["ended"] == true)
                let after = try await s.send("GET", "\(s.p(s.org2))/focus-sessions/\(session)", auth: .apiKey(s.keyC))
                #expect(after["status"] == "ended")
                let promotedTrack = try await s.send("GET", "\(s.p(s.org2))/tracks/\(trackID)", auth: .apiKey(s.keyC))
                #expect(promotedTrack.status == 200)
                #expect(promotedTrack["source"]?["focus_session_id"]?.string == session)
            }
        }

        /// A page's failures, console errors and exceptions, as test issues.
        static func expectClean(_ report: JSONValue, _ name: String) {
            #expect(report["failure"] == nil, "\(name): \(report["failure"]?.string ?? "")")
            #expect(report["loaded"] == true, "\(name) page did not load")
            let errors = report["errors"]?.array?.compactMap(\.string) ?? ["(no report)"]
            #expect(errors.isEmpty, "\(name) page: console errors: \(errors)")
        }

        /// Runs the driver; its JSON report. Bounded: a driver that hangs is killed.
        /// `extra`: more arguments (`--width`, `--scheme`).
        static func run(mode: String, url: String, name: String, timeout: Double = 20, extra: [String] = []) throws -> JSONValue {
            let screenshot = artifacts.appendingPathComponent("\(name).png")
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("browser-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: output) }
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, "--mode", mode, "--url", url, "--screenshot", screenshot.path,
                                 "--timeout", String(timeout)] + extra
            process.standardOutput = handle
            process.standardError = FileHandle.standardError
            let started = Date()
            try process.run()
            while process.isRunning && Date().timeIntervalSince(started) < timeout + 30 { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            try handle.close()
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            let report = (try? JSONValue.parse(Data(text.utf8))) ?? .object(["failure": .string("no report: \(text)")])
            print("browser \(name): \(String(format: "%.1f", Date().timeIntervalSince(started))) s, screenshot \(screenshot.path)")
            if ProcessInfo.processInfo.environment["BROWSER_REPORT"] != nil { print(text) }   // the whole report, to debug
            return report
        }

        /// Waits until the publisher has written a page (the server publishes after the response).
        static func waitForPage(_ s: StudioTestServer, _ path: String) async throws {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if try await s.send("GET", path).status == 200 { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("\(path) was not published within 10 s")
        }

        static func executable(_ name: String) -> String? {
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        /// A port that was free a moment ago (bound to port 0, then released).
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw ClientError(description: "no free port") }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }
}
