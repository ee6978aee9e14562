import Foundation
import Glibc
import StudioCore
import Synchronization
import Testing

/// `studio serve` against hostile requests from outside: header values that once trapped, slow
/// bodies and one address taking every connection, dotfiles under `public/`, and the headers that
/// keep share pages and the focus player from being sniffed, framed or leaking their tokens.
@Suite(.serialized) struct ServeHardeningTests {
    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    /// One request over a fresh connection, with the response's fields (names lowercased).
    static func exchange(_ port: Int, _ method: String, _ target: String, headers: [String: String] = [:],
                         body: String = "") throws -> Reply {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let fd = try connect(port)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return parse(readAll(fd))
    }

    static func connect(_ port: Int, timeout: Int = 10) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "connect to \(port) failed"])
        }
        return fd
    }

    static func readAll(_ fd: Int32) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return received }
            received += buffer[0..<count]
        }
    }

    static func parse(_ bytes: [UInt8]) -> Reply {
        let whole = String(decoding: bytes, as: UTF8.self)
        guard let end = whole.range(of: "\r\n\r\n") else { return Reply(status: -1, headers: [:], body: whole) }
        let lines = whole[..<end.lowerBound].components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? -1
        return Reply(status: status, headers: headers, body: String(whole[end.upperBound...]))
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// A rendered track of the owner's organization: its id and its signed playback URL's target.
    static func renderedTrack(port: Int, orgID: String, token: String) throws -> (id: String, media: String) {
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let base = "/v1/organizations/\(orgID)/music"
        let created = try exchange(port, "POST", "\(base)/generations", headers: auth,
                                   body: #"{"engine_key": "pulse-1", "prompt": "techno", "duration_seconds": 10}"#)
        #expect(created.status == 202, "\(created.body)")
        let job = try #require(json(created.body)["id"] as? String)
        let deadline = Date().addingTimeInterval(120)
        var trackID: String?
        while Date() < deadline, trackID == nil {
            trackID = json(try exchange(port, "GET", "\(base)/generations/\(job)", headers: auth).body)["track_id"] as? String
            if trackID == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let id = try #require(trackID, "the generation finished")
        let track = json(try exchange(port, "GET", "\(base)/tracks/\(id)", headers: auth).body)
        let url = try #require((track["playback"] as? [String: Any])?["url"] as? String)
        let media = try #require(url.firstMatch(of: /https?:\/\/[^\/]+(\/media\/.*)/)).output.1
        return (id, String(media))
    }

    /// The review's request: a year of eleven digits in `If-Modified-Since` aborted the process
    /// (a trapping `Int32(...)`), on any static file or signed media URL. Each form of HTTP date
    /// with absurd fields is now ignored as invalid, the file is served, and the server lives on.
    @Test func absurdHTTPDatesAreIgnoredOnStaticFilesAndSignedMedia() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (orgID, token) = try ServeCommandTests.makeOwner(project)
        let (process, port, log) = try ServeCommandTests.startServer(state: project.state, out: project.output)
        defer { if process.isRunning { process.terminate() } }
        let media = try Self.renderedTrack(port: port, orgID: orgID, token: token).media
        let dates = ["Sun, 06 Nov 99999999999 08:49:37 GMT", "Sunday, 06-Nov-99999999999 08:49:37 GMT",
                     "Sun Nov  6 08:49:37 99999999999", "Sun, 06 Nov -99999999999999999999 08:49:37 GMT",
                     "Sun, 99999999999999999999 Nov 2026 08:49:37 GMT", "Sun, 06 Nov 2026 08:49:99999999999999999999 GMT"]
        for target in ["/assets/style.css", media] {
            for date in dates {
                for field in ["If-Modified-Since", "If-Range"] {
                    let headers = field == "If-Range" ? [field: date, "Range": "bytes=0-0"] : [field: date]
                    let reply = try Self.exchange(port, "GET", target, headers: headers)
                    #expect(reply.status == 200, "\(field): \(date) on \(target): \(reply.status); \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
                    if !process.isRunning { return }
                }
            }
        }
        #expect(try Self.exchange(port, "GET", "/healthz").status == 200)
        #expect(process.isRunning)
    }

    /// A share page and the focus player carry `nosniff`, `Referrer-Policy: no-referrer` (their
    /// tokens live in the URL) and a Content-Security-Policy with `frame-ancestors` that allows
    /// their inline scripts by hash and nothing else inline (BrowserTests runs them under it).
    @Test func sharePagesAndTheFocusPlayerCarrySecurityHeaders() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (orgID, token) = try ServeCommandTests.makeOwner(project)
        let (process, port, _) = try ServeCommandTests.startServer(state: project.state, out: project.output)
        defer { if process.isRunning { process.terminate() } }
        let track = try Self.renderedTrack(port: port, orgID: orgID, token: token).id
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let shared = try Self.exchange(port, "POST", "/v1/organizations/\(orgID)/music/tracks/\(track)/share", headers: auth, body: "{}")
        #expect(shared.status == 201, "\(shared.body)")
        let url = try #require(Self.json(shared.body)["url"] as? String)
        let page = String(try #require(url.firstMatch(of: /https?:\/\/[^\/]+(\/.*)/)).output.1)
        for target in [page, "/focus/"] {
            let reply = try Self.exchange(port, "GET", target)
            #expect(reply.status == 200, "\(target)")
            #expect(reply.headers["x-content-type-options"] == "nosniff", "\(target)")
            #expect(reply.headers["referrer-policy"] == "no-referrer", "\(target)")
            let policy = reply.headers["content-security-policy"] ?? ""
            for directive in ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'self'",
                              "base-uri 'none'", "form-action 'none'", "object-src 'none'"] {
                #expect(policy.contains(directive), "\(target): \(policy)")
            }
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(policy)")
            // Each inline script is allowed by its hash, and by nothing broader.
            let scripts = reply.body.matches(of: /<script([^>]*)>([\s\S]*?)<\/script>/).map { (String($0.output.1), String($0.output.2)) }
            #expect(!scripts.isEmpty, "\(target) has its script")
            for (attributes, text) in scripts where !attributes.contains("src=") {
                let hash = Data(SHA256.hash(Array(text.utf8)).bytes).base64EncodedString()
                #expect(policy.contains("'sha256-\(hash)'"), "\(target): the inline script's hash is not in \(policy)")
            }
            let asset = try Self.exchange(port, "GET", "/assets/style.css")
            #expect(asset.headers["x-content-type-options"] == "nosniff" && asset.headers["content-security-policy"] == nil)
            #expect(!reply.body.contains(" style=\""), "an inline style attribute in \(target)")
        }
    }

    /// A range request for a page (any client may send one) must not decide the policy later
    /// whole pages get: the inline scripts' hashes come from the whole file, or the page's own
    /// script would be refused for everyone until it changed.
    @Test func aRangeRequestForAPageDoesNotChangeItsPolicy() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (process, port, _) = try ServeCommandTests.startServer(state: project.state, out: project.output)
        defer { if process.isRunning { process.terminate() } }
        let partial = try Self.exchange(port, "GET", "/focus/", headers: ["Range": "bytes=0-20"])
        #expect(partial.status == 206)
        let whole = try Self.exchange(port, "GET", "/focus/")
        #expect(whole.status == 200)
        let policy = whole.headers["content-security-policy"] ?? ""
        let scripts = whole.body.matches(of: /<script([^>]*)>([\s\S]*?)<\/script>/).map { (String($0.output.1), String($0.output.2)) }
        #expect(!scripts.isEmpty)
        for (attributes, text) in scripts where !attributes.contains("src=") {
            let hash = Data(SHA256.hash(Array(text.utf8)).bytes).base64EncodedString()
            #expect(policy.contains("'sha256-\(hash)'"), "after a range request the script's hash is missing from \(policy)")
        }
    }

    /// Nothing whose path has a segment starting with a dot is served — `.git/config`, a stray
    /// `.secret` beside a share, and their percent-encoded spellings — while an ordinary file is.
    @Test func dotfilesUnderPublicAreNeverServed() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (process, port, _) = try ServeCommandTests.startServer(state: project.state, out: project.output)
        defer { if process.isRunning { process.terminate() } }
        let files = [".git/config", "s/x/.secret", ".hidden/index.html", ".env", "visible.txt"]
        for file in files {
            let url = project.output.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "secret \(file)".write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(try Self.exchange(port, "GET", "/visible.txt").status == 200)
        for target in ["/.git/config", "/%2egit/config", "/%2Egit/config", "/.git/", "/s/x/.secret", "/s/x/%2esecret",
                       "/s/x/%2Esecret?x=1", "/.hidden/", "/.hidden", "/.env", "/%2eenv"] {
            for method in ["GET", "HEAD"] {
                let reply = try Self.exchange(port, method, target)
                #expect(reply.status == 404, "\(method) \(target)")
                #expect(!reply.body.contains("secret"), "\(method) \(target)")
            }
        }
    }

    /// `--body-timeout` bounds a whole body, not the pause between two bytes, and
    /// `--max-connections-per-client` (here applied to loopback with `--cap-loopback-clients`)
    /// answers one address's connections past its share with 429 and `Retry-After`.
    @Test func slowBodiesAreCutOffAndOneClientGetsOnlyItsShare() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (process, port, _) = try ServeCommandTests.startServer(state: project.state, out: project.output, arguments: [
            "--body-timeout", "1", "--max-connections-per-client", "2", "--cap-loopback-clients",
        ])
        defer { if process.isRunning { process.terminate() } }
        let slow = try (0..<2).map { _ in try Self.connect(port) }
        defer { slow.forEach { close($0) } }
        let head = Array("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n".utf8)
        for fd in slow { _ = head.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        let started = Date()
        // The thread stops before the sockets are closed (defers run last first), so it never
        // writes to a descriptor another test in this process has been given since.
        let stopped = Mutex(false), finished = DispatchSemaphore(value: 0)
        let trickle = Thread {
            defer { finished.signal() }
            for _ in 0..<60 where !stopped.withLock({ $0 }) {
                for fd in slow { _ = send(fd, "x", 1, Int32(MSG_NOSIGNAL)) }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        trickle.start()
        defer {
            stopped.withLock { $0 = true }
            finished.wait()
        }
        let third = try Self.exchange(port, "GET", "/healthz")
        #expect(third.status == 429, "\(third.status) \(third.body)")
        #expect(third.headers["retry-after"] == "1")
        #expect(third.body.contains("too_many_connections"))
        for fd in slow {
            let reply = Self.parse(Self.readAll(fd))
            #expect(reply.status == 408, "\(reply.status)")
        }
        let waited = Date().timeIntervalSince(started)
        #expect(waited > 0.8 && waited < 3, "cut off after \(waited) s while bytes kept arriving")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try Self.exchange(port, "GET", "/healthz").status == 200)
    }

    @Test func theNewFlagsAreDocumentedAndChecked() throws {
        let help = try StudioProcess.run(["serve", "--help"]).stdout
        for flag in ["--body-timeout", "--max-connections-per-client", "--cap-loopback-clients"] { #expect(help.contains(flag)) }
        let bad = try StudioProcess.run(["serve", "--port", "0", "--body-timeout", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("--body-timeout"), "\(bad.stderr)")
    }
}
