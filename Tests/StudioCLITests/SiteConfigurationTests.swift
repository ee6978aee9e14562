import Foundation
import Glibc
import Testing

/// `studio.json5`, the one site configuration every command reads (issue #17, item 6): `build`
/// and `serve` write the same links, a bad file is refused at its place, and `studio init`
/// makes a project `studio build` builds.
@Suite struct SiteConfigurationTests {
    /// A port nobody listens on right now: bound with port 0, read back, closed.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                Glibc.bind(socket, pointer, length)
                return getsockname(socket, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The canonical link and `og:url` of every share page under `public/s/`, by path (an embed
    /// page, `s/{token}/embed/`, points its canonical link at its share page and has no `og:url`).
    static func links(in output: URL) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (path, data) in try SiteProject.contents(of: output.appendingPathComponent("s"))
        where path.hasSuffix(".html") && !path.contains("/embed/") {
            let html = String(decoding: data, as: UTF8.self)
            result[path] = html.matches(of: /(?:rel="canonical" href|property="og:url" content)="([^"]*)"/).map { String($0.output.1) }
        }
        return result
    }

    static let recipe = """
    {
      organization: "acme",
      tracks: { tone: { engine: "ambient-1", prompt: "soft pads", duration: 2, seed: 1, formats: ["mp3"], save: true } },
      shares: [{ track: "tone" }],
    }
    """

    @Test func buildAndServeWriteTheSameLinks() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let port = try Self.freePort()
        try "{ port: \(port), title: \"Acme\" }\n".write(to: project.root.appendingPathComponent("studio.json5"), atomically: true,
                                                          encoding: .utf8)
        try project.write("acme.json5", Self.recipe)
        let state = ["--state", project.state.path]
        #expect(try StudioProcess.run(["orgs", "create", "acme"] + state, directory: project.root).status == 0)
        let user = try StudioProcess.run(["users", "create", "a@example.com", "--org", "acme", "--role", "owner", "--json"] + state,
                                         directory: project.root)
        let token = try #require(try JSONSerialization.jsonObject(with: Data(user.stdout.utf8)) as? [String: String])["token"]!
        let build = try StudioProcess.run(["build", "--templates", SiteProject.templates] + state, directory: project.root)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(!build.stderr.contains("skipped"), "\(build.stderr)")
        let built = try Self.links(in: project.output)
        #expect(!built.isEmpty)
        #expect(built.values.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.hasPrefix("http://127.0.0.1:\(port)/s/") } }, "\(built)")

        let server = try SiteServer.start(in: project, arguments: ["--templates", SiteProject.templates, "--workers", "1"] + state)
        defer { server.stop() }
        #expect(server.port == port)
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let orgs = try StudioProcess.run(["orgs", "show", "acme"] + state, directory: project.root).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let base = "http://127.0.0.1:\(port)/v1/organizations/\(orgs)/music"
        let (listed, tracks) = try ServeCommandTests.request("GET", "\(base)/tracks", headers: auth)
        #expect(listed == 200, "\(tracks)")
        let trackID = try #require(tracks.firstMatch(of: /"id":"(mtrack_[^"]+)"/)).output.1
        let (created, share) = try ServeCommandTests.request("POST", "\(base)/tracks/\(trackID)/share", headers: auth, body: "{}")
        #expect(created == 201, "\(share)")
        let served = try Self.links(in: project.output)
        #expect(served.count == built.count + 1, "\(served.keys.sorted())")
        for (path, links) in built { #expect(served[path] == links, "\(path)") }
        // The title names the site on every page, built or republished.
        for (path, data) in try SiteProject.contents(of: project.output.appendingPathComponent("s"))
        where path.hasSuffix(".html") && !path.contains("/embed/") {
            #expect(String(decoding: data, as: UTF8.self).contains("Made with Acme."), "\(path)")
        }
        #expect(served.values.allSatisfy { $0.allSatisfy { $0.hasPrefix("http://127.0.0.1:\(port)/s/") } }, "\(served)")
    }

    @Test func aBadConfigurationIsRefusedAtItsPlace() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try "{\n  title: \"Acme\",\n  prot: 9000,\n  build: { jobs: \"two\" },\n}\n"
            .write(to: project.root.appendingPathComponent("studio.json5"), atomically: true, encoding: .utf8)
        let result = try StudioProcess.run(["build"], directory: project.root)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("studio.json5:3:3: unknown key \"prot\" in the configuration; did you mean \"port\"?"), "\(result.stderr)")
        #expect(result.stderr.contains("\nstudio.json5:4:18: build.jobs: expected a whole number, found a string"), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("studio: 2 problems in studio.json5; nothing was done\n"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent(".studio").path))
        let broken = "{ port: 80\n"
        try broken.write(to: project.root.appendingPathComponent("studio.json5"), atomically: true, encoding: .utf8)
        let syntax = try StudioProcess.run(["serve"], directory: project.root)
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("studio.json5:2:1: syntax error"), "\(syntax.stderr)")
    }

    @Test func flagsAndTheEnvironmentOutrankTheFile() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try "{ base_url: \"https://file.example\", build: { jobs: 65 } }\n"
            .write(to: project.root.appendingPathComponent("studio.json5"), atomically: true, encoding: .utf8)
        let range = try StudioProcess.run(["build"], directory: project.root)
        #expect(range.status == 2)
        #expect(range.stderr.contains("studio.json5:1:52: build.jobs: must be from 1 to 64, got 65"), "\(range.stderr)")
        try "{ base_url: \"https://file.example\" }\n"
            .write(to: project.root.appendingPathComponent("studio.json5"), atomically: true, encoding: .utf8)
        try project.write("acme.json5", Self.recipe.replacingOccurrences(of: "save: true", with: "save: false"))
        let templates = ["--templates", SiteProject.templates]
        #expect(try StudioProcess.run(["build"] + templates, directory: project.root).status == 0)
        #expect(try Self.links(in: project.root.appendingPathComponent("public")).values.joined().allSatisfy { $0.hasPrefix("https://file.example/") })
        let environment = ["STUDIO_BASE_URL": "https://environment.example"]
        #expect(try StudioProcess.run(["publish"] + templates, environment: environment, directory: project.root).status == 0)
        #expect(try Self.links(in: project.root.appendingPathComponent("public")).values.joined()
            .allSatisfy { $0.hasPrefix("https://environment.example/") })
        #expect(try StudioProcess.run(["publish", "--base-url", "https://flag.example"] + templates, environment: environment,
                                      directory: project.root).status == 0)
        #expect(try Self.links(in: project.root.appendingPathComponent("public")).values.joined().allSatisfy { $0.hasPrefix("https://flag.example/") })
    }

    @Test func initMakesAProjectThatBuilds() throws {
        let root = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let created = try StudioProcess.run(["init", "site"], directory: root)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("cd site && studio build"), "\(created.stdout)")
        let project = root.appendingPathComponent("site")
        for file in ["studio.json5", "recipes/site.json5", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent(file).path), "\(file)")
        }
        let build = try StudioProcess.run(["build", "--templates", SiteProject.templates], directory: project)
        #expect(build.status == 0, "\(build.stderr)")
        let links = try Self.links(in: project.appendingPathComponent("public"))
        #expect(links.count == 1 && links.values.joined().allSatisfy { $0.hasPrefix("http://127.0.0.1:8080/s/") }, "\(links)")

        let again = try StudioProcess.run(["init", "site"], directory: root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("site is not empty") && again.stderr.contains("--force"), "\(again.stderr)")
        let forced = try StudioProcess.run(["init", "site", "--force"], directory: root)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("public").path))
    }
}

/// `studio serve` started in a project directory with no `--port`: the port comes from its
/// `studio.json5`, read back from the line the server prints.
struct SiteServer {
    let process: Process
    let port: Int

    static func start(in project: SiteProject, arguments: [String]) throws -> SiteServer {
        let log = project.root.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = StudioProcess.executable
        process.arguments = ["serve"] + arguments
        process.currentDirectoryURL = project.root
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let match = text.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\//), let port = Int(match.output.1) {
                return SiteServer(process: process, port: port)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "studio serve did not start: "
                                                      + ((try? String(contentsOf: log, encoding: .utf8)) ?? "")])
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
