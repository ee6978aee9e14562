import Foundation
import Glibc
import Testing

/// A project for `studio serve --watch` tests: `studio.json5` naming a free port, one recipe (a
/// short track in a shared collection of "acme", whose owner the account commands made), a copy
/// of the repository's templates in `templates/` to edit, and the server running in it.
struct WatchProject {
    let project: SiteProject
    let port: Int
    let owner: (orgID: String, token: String)
    var root: URL { project.root }
    var recipe: URL { project.recipes.appendingPathComponent("site.json5") }
    var templates: URL { root.appendingPathComponent("templates") }
    var log: URL { root.appendingPathComponent("serve.log") }

    /// The recipe, with the collection's name; line 6 holds the collection.
    static func recipe(collection name: String) -> String {
        """
        {
          organization: "acme",
          tracks: {
            tone: { engine: "ambient-1", prompt: "soft pads", duration: 2, seed: 1, formats: ["mp3"], title: "Tone", save: true },
          },
          collections: { calm: { name: "\(name)", tracks: ["tone"] } },
          shares: [{ collection: "calm" }],
        }

        """
    }

    /// A broken edit: a misspelt key on line 6, column 26 (`nmae`).
    static let brokenRecipe = recipe(collection: "Calm").replacingOccurrences(of: "{ name:", with: "{ nmae:")

    init() throws {
        project = try SiteProject()
        port = try SiteConfigurationTests.freePort()
        try "{ port: \(port), title: \"Acme\" }\n".write(to: project.root.appendingPathComponent("studio.json5"), atomically: true,
                                                          encoding: .utf8)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: SiteProject.templates), to: project.root.appendingPathComponent("templates"))
        try Self.recipe(collection: "Calm evening").write(to: project.recipes.appendingPathComponent("site.json5"), atomically: true,
                                                          encoding: .utf8)
        owner = try ServeCommandTests.makeOwner(project)
    }

    /// Runs `studio ARGUMENTS --state state` in the project.
    func studio(_ arguments: [String]) throws -> StudioProcess.Result {
        try StudioProcess.run(arguments + ["--state", "state"], directory: root)
    }

    /// `studio serve [--watch]` in the project, once it listens.
    func serve(watch: Bool = true) throws -> SiteServer {
        try SiteServer.start(in: project, arguments: (watch ? ["--watch"] : []) + ["--state", "state", "--workers", "1"])
    }

    /// Writes `text` over `file` in place, as an editor that saves without a rename does.
    func edit(_ file: URL, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    var terminal: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until the server's terminal output holds `count` lines containing `text`.
    func waitForTerminal(_ text: String, count: Int = 1, timeout: TimeInterval = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if terminal.components(separatedBy: "\n").filter({ $0.contains(text) }).count >= count { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// What the organization's owner sees of the state through the API, and every published file:
    /// what a failed rebuild must leave exactly as it was.
    func stateAndSite() throws -> (api: [String], site: [String: Data]) {
        let base = "http://127.0.0.1:\(port)/v1/organizations/\(owner.orgID)/music"
        var answers: [String] = []
        for path in ["tracks?scope=organization", "tracks", "collections"] {
            let (status, body) = try ServeCommandTests.request("GET", "\(base)/\(path)", headers: ["Authorization": "Bearer \(owner.token)"])
            // A signed media URL (its expiry, its signature) is made at the time of the request:
            // the one part that changes by itself.
            answers.append("\(path) \(status) " + body.replacing(/"expires_at":"[^"]*"/, with: "")
                .replacing(/(\?|&|\\u0026)(expires|signature)=[^"&\\]*/, with: ""))
        }
        return (answers, try SiteProject.contents(of: project.output))
    }

    func cleanUp() { project.cleanUp() }
}

/// A raw HTTP client that reads a server-sent event stream as it arrives.
final class EventStreamClient {
    let socket: Int32
    private(set) var received = ""

    /// The head and body of one `GET` (the connection closes after it).
    static func get(_ url: String) throws -> (head: String, body: String) {
        let parts = try #require(url.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)(\/.*)/))
        let client = try EventStreamClient(port: Int(parts.output.1)!, path: String(parts.output.2), closing: true)
        _ = client.read(until: { _ in false }, timeout: 10)
        let text = client.received
        let end = text.range(of: "\r\n\r\n")
        return (end.map { String(text[..<$0.lowerBound]) } ?? text, end.map { String(text[$0.upperBound...]) } ?? "")
    }

    init(port: Int, path: String, closing: Bool = false) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "connect to port \(port) failed"])
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(closing ? "Connection: close" : "Accept: text/event-stream")\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    deinit { close(socket) }

    /// Reads until `received` satisfies `done` or `timeout` passes; whether it did.
    func read(until done: (String) -> Bool, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while !done(received) {
            guard Date() < deadline else { return false }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { received += String(decoding: buffer[0..<count], as: UTF8.self) }
            if count == 0 { return done(received) }
        }
        return true
    }

    /// The whole events received so far: (name, data), comments and `retry:` left out.
    var events: [(name: String, data: String)] {
        guard let start = received.range(of: "\r\n\r\n") else { return [] }
        // The last piece is an event still arriving (or nothing).
        return received[start.upperBound...].components(separatedBy: "\n\n").dropLast().compactMap { block in
            let lines = block.split(separator: "\n")
            guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                  let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6) else { return nil }
            return (String(name), String(data))
        }
    }
}
