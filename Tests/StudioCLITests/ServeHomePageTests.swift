import Foundation
import Testing

/// Issue #17 item 1 on the real `studio serve` process: the home page names the site from
/// studio.json5 and lists what a recipe shared; the API reference is served; a revoked link
/// gets its own 410 page; and neither page is written to `public/`.
@Suite struct ServeHomePageTests {
    @Test func aFreshServeHasAHomePageAndARevokedLinkHasItsOwnPage() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let port = try SiteConfigurationTests.freePort()
        try "{ port: \(port), title: \"Acme Sounds\" }\n".write(to: project.root.appendingPathComponent("studio.json5"), atomically: true,
                                                                 encoding: .utf8)
        try project.write("acme.json5", SiteConfigurationTests.recipe)
        let state = ["--state", project.state.path]
        #expect(try StudioProcess.run(["orgs", "create", "acme"] + state, directory: project.root).status == 0)
        let user = try StudioProcess.run(["users", "create", "a@example.com", "--org", "acme", "--role", "owner", "--json"] + state,
                                         directory: project.root)
        let token = try #require(try JSONSerialization.jsonObject(with: Data(user.stdout.utf8)) as? [String: String])["token"]!
        let build = try StudioProcess.run(["build", "--templates", SiteProject.templates] + state, directory: project.root)
        #expect(build.status == 0, "\(build.stderr)")

        let server = try SiteServer.start(in: project, arguments: ["--templates", SiteProject.templates, "--workers", "1"] + state)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)"
        let (status, home) = try ServeCommandTests.request("GET", "\(base)/")
        #expect(status == 200, "\(home)")
        #expect(home.contains("<h1>Acme Sounds</h1>"), "the title of studio.json5")
        #expect(home.contains(#"href="/studio/""#) && home.contains(#"href="/docs/api/""#) && home.contains(#"href="/focus/""#))
        let link = try #require(home.firstMatch(of: /href="(\/s\/mss_[^"\/]+\/)"/).map { String($0.output.1) }, "the recipe's share is listed")
        let shareID = try #require(home.firstMatch(of: /mslink_[A-Za-z0-9_-]+/).map { String($0.output) })
        #expect(try ServeCommandTests.request("GET", "\(base)\(link)").0 == 200)
        #expect(try ServeCommandTests.request("GET", "\(base)/docs/api/").0 == 200)

        let org = try StudioProcess.run(["orgs", "show", "acme"] + state, directory: project.root).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let revoke = try ServeCommandTests.request("DELETE", "\(base)/v1/organizations/\(org)/music/shares/\(shareID)",
                                                   headers: ["Authorization": "Bearer \(token)"])
        #expect(revoke.0 == 204, "\(revoke.1)")
        let (goneStatus, gone) = try ServeCommandTests.request("GET", "\(base)\(link)")
        #expect(goneStatus == 410)
        #expect(gone.contains("This link was revoked"), "\(gone)")
        #expect(!gone.contains("never existed"))

        let published = try SiteProject.contents(of: project.output)
        #expect(published["index.html"] == nil && !published.keys.contains { $0.hasPrefix("docs/") }, "\(published.keys.sorted())")
    }
}
