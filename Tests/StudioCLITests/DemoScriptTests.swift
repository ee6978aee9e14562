import Foundation
import Testing

/// `make demo`'s steps (scripts/demo.sh) on a small recipe set, stopped before serving: no note a
/// newcomer must decode, and the printed API key sees the saved tracks and the recipes' collections (issue #17).
@Suite struct DemoScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/demo.sh").path

    @Test func theDemoOwnerExistsBeforeTheBuildSaves() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("demo.json5", """
        {
          organization: "demo",
          tracks: {
            tone: { engine: "ambient-1", prompt: "soft pads", duration: 2, seed: 1, formats: ["mp3"], title: "Tone", save: true },
            unsaved: { engine: "ambient-1", prompt: "soft pads", duration: 2, seed: 2, formats: ["mp3"], title: "Unsaved" },
            short: { engine: "ambient-1", prompt: "soft pads", duration: 1, seed: 3, formats: ["mp3"], title: "Short", save: true },
          },
          collections: { calm: { name: "Calm", tracks: ["tone", "unsaved"] } },
          shares: [{ collection: "calm" }],
        }
        """)
        let port = try SiteConfigurationTests.freePort()
        let options = ["--recipes", project.recipes.path, "--state", project.state.path, "--out", project.output.path,
                       "--templates", SiteProject.templates]
        let environment = ["STUDIO": StudioProcess.executable.path, "DEMO_PORT": "\(port)", "DEMO_SERVE": "0"]
        var key = "", output = ""
        for run in 1...2 {
            let demo = try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), [Self.script] + options,
                                                 environment: environment, directory: project.root)
            #expect(demo.status == 0, "run \(run): \(demo.stderr)")
            // The build's progress, and nothing else: no note, no warning ("save skipped, …").
            let stages = ["plan: ", "render: ", "rendered: ", "state: ", "publish: "]
            let other = demo.stderr.split(separator: "\n").filter { line in !stages.contains { line.hasPrefix($0) } }
            #expect(other.isEmpty, "run \(run) printed on stderr: \(demo.stderr)")
            #expect(!demo.stderr.contains("skipped"), "\(demo.stderr)")
            if run == 1 { #expect(demo.stderr.contains("+2 library entries,"), "\(demo.stderr)") }
            #expect(demo.stdout.contains("http://127.0.0.1:\(port)/s/"), "\(demo.stdout)")
            key = try #require(demo.stdout.firstMatch(of: /Demo API key \(shown once\): (\S+)/)).output.1.description
            output = demo.stdout
        }
        let org = try StudioProcess.run(["orgs", "show", "demo", "--state", project.state.path]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try SiteServer.start(in: project, arguments: ["--port", "\(port)", "--workers", "1"] + options.dropFirst(2))
        defer { server.stop() }
        // What the demo tells the newcomer to try, as printed: every track, and the collections.
        let tried = output.matches(of: /curl -H 'X-API-Key: (\S+)' '?(http:\/\/127\.0\.0\.1:\d+\/v1\/organizations\/[^'\s]+)'?/)
            .map { (key: String($0.output.1), url: String($0.output.2)) }
        #expect(tried.count == 2 && tried.allSatisfy { $0.key == key }, "\(output)")
        let tracks = try #require(tried.first { $0.url.hasSuffix("/tracks?scope=organization") }, "\(output)")
        let (status, body) = try ServeCommandTests.request("GET", tracks.url, headers: ["X-API-Key": key])
        #expect(status == 200, "\(body)")
        #expect(body.contains("\"title\":\"Tone\"") && body.contains("\"title\":\"Unsaved\""), "\(body)")
        // The recipes' collection is the demo owner's, so the key sees it too, and its tracks.
        let listed = try #require(tried.first { $0.url.hasSuffix("/\(org)/music/collections") }, "\(output)")
        let collections = try ServeCommandTests.request("GET", listed.url, headers: ["X-API-Key": key])
        #expect(collections.0 == 200 && collections.1.contains("\"name\":\"Calm\""), "\(collections.1)")
        let collectionID = try #require(collections.1.firstMatch(of: /"id":"(mcoll_[^"]+)"/)).output.1
        let held = try ServeCommandTests.request("GET", "\(listed.url)/\(collectionID)/tracks", headers: ["X-API-Key": key])
        #expect(held.0 == 200 && held.1.contains("\"title\":\"Tone\"") && held.1.contains("\"title\":\"Unsaved\""), "\(held.1)")
    }
}
