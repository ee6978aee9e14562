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
          tracks: { tone: { engine: "ambient-1", prompt: "soft pads", duration: 2, seed: 1, formats: ["mp3"], title: "Tone", save: true } },
          collections: { calm: { name: "Calm", tracks: ["tone"] } },
          shares: [{ collection: "calm" }],
        }
        """)
        let port = try SiteConfigurationTests.freePort()
        let options = ["--recipes", project.recipes.path, "--state", project.state.path, "--out", project.output.path,
                       "--templates", SiteProject.templates]
        let environment = ["STUDIO": StudioProcess.executable.path, "DEMO_PORT": "\(port)", "DEMO_SERVE": "0"]
        var key = ""
        for run in 1...2 {
            let demo = try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), [Self.script] + options,
                                                 environment: environment, directory: project.root)
            #expect(demo.status == 0, "run \(run): \(demo.stderr)")
            // The build's progress, and nothing else: no note, no warning ("save skipped, …").
            let stages = ["plan: ", "render: ", "rendered: ", "state: ", "publish: "]
            let other = demo.stderr.split(separator: "\n").filter { line in !stages.contains { line.hasPrefix($0) } }
            #expect(other.isEmpty, "run \(run) printed on stderr: \(demo.stderr)")
            #expect(!demo.stderr.contains("skipped"), "\(demo.stderr)")
            #expect(demo.stdout.contains("http://127.0.0.1:\(port)/s/"), "\(demo.stdout)")
            key = try #require(demo.stdout.firstMatch(of: /Demo API key \(shown once\): (\S+)/)).output.1.description
        }
        let org = try StudioProcess.run(["orgs", "show", "demo", "--state", project.state.path]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try SiteServer.start(in: project, arguments: ["--port", "\(port)", "--workers", "1"] + options.dropFirst(2))
        defer { server.stop() }
        let (status, body) = try ServeCommandTests.request("GET", "http://127.0.0.1:\(port)/v1/organizations/\(org)/music/tracks",
                                                           headers: ["X-API-Key": key])
        #expect(status == 200, "\(body)")
        #expect(body.contains("\"title\":\"Tone\""), "\(body)")
        // The recipes' collection is the demo owner's, so the key sees it too, and its track.
        let collections = try ServeCommandTests.request("GET", "http://127.0.0.1:\(port)/v1/organizations/\(org)/music/collections",
                                                        headers: ["X-API-Key": key])
        #expect(collections.0 == 200 && collections.1.contains("\"name\":\"Calm\""), "\(collections.1)")
        let collectionID = try #require(collections.1.firstMatch(of: /"id":"(mcoll_[^"]+)"/)).output.1
        let tracks = try ServeCommandTests.request("GET", "http://127.0.0.1:\(port)/v1/organizations/\(org)/music/collections/"
                                                   + "\(collectionID)/tracks", headers: ["X-API-Key": key])
        #expect(tracks.0 == 200 && tracks.1.contains("\"title\":\"Tone\""), "\(tracks.1)")
    }
}
