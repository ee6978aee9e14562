import Foundation
import Testing

/// `studio build`, `publish`, `orgs`, `users` and `keys` as a user or a script runs them.
@Suite struct BuildCommandTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path

    @Test func aBadRecipeExitsNonZeroWithFileLineColumnAndWritesNothing() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipes = directory.appendingPathComponent("recipes")
        try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)
        try "{\n  organization: \"demo\",\n  tracks: { a: { engine: \"lofi-9\", prompt: \"x\", duration: 5 } },\n}\n"
            .write(to: recipes.appendingPathComponent("bad.json5"), atomically: true, encoding: .utf8)
        let state = directory.appendingPathComponent("state"), out = directory.appendingPathComponent("public")
        let result = try StudioProcess.run(["build", "--recipes", recipes.path, "--state", state.path, "--out", out.path,
                                            "--templates", Self.templates])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.json5:3:"), "\(result.stderr)")
        #expect(result.stderr.contains("lofi-9") && result.stderr.contains("lofi-1"), "names the engine and suggests one")
        #expect(result.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: state.path) && !FileManager.default.fileExists(atPath: out.path))
    }

    @Test func buildPrintsShareURLsAndPublishRebuildsTheSiteFromTheState() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipes = directory.appendingPathComponent("recipes")
        try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)
        try """
            { organization: "demo", tracks: { beat: { engine: "pulse-1", prompt: "techno", duration: 3, formats: ["mp3"] } },
              shares: [ { track: "beat" } ] }
            """.write(to: recipes.appendingPathComponent("demo.json5"), atomically: true, encoding: .utf8)
        let state = directory.appendingPathComponent("state"), out = directory.appendingPathComponent("public")
        let common = ["--recipes", recipes.path, "--state", state.path, "--out", out.path, "--templates", Self.templates,
                      "--base-url", "https://music.example", "--date", "2026-11-25"]
        let build = try StudioProcess.run(["build"] + common)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("plan: 1 render"))
        let url = build.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("demo/track:beat: https://music.example/s/mss_"), "\(build.stdout)")
        let token = try #require(url.split(separator: "/").dropLast(0).last.map(String.init))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("s/\(token)/beat.mp3").path))

        let again = try StudioProcess.run(["build"] + common)
        #expect(again.stderr.contains("plan: 0 renders") && again.stderr.contains("0 files written"), "\(again.stderr)")

        try FileManager.default.removeItem(at: out)
        let publish = try StudioProcess.run(["publish", "--state", state.path, "--out", out.path, "--templates", Self.templates,
                                             "--base-url", "https://music.example"])
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("s/\(token)/index.html").path),
                "the same link works after public/ is rebuilt")
    }

    @Test func accountsAreCreatedAndSecretsShownOnceAsJSON() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = ["--state", directory.appendingPathComponent("state").path]
        func json(_ result: StudioProcess.Result) throws -> [String: String] {
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String] ?? [:]
        }
        let org = try json(StudioProcess.run(["orgs", "create", "acme", "--json"] + state))
        #expect(org["id"]?.hasPrefix("org_") == true)
        let user = try json(StudioProcess.run(["users", "create", "ada@example.com", "--org", "acme", "--role", "owner", "--json"] + state))
        #expect(user["id"]?.hasPrefix("usr_") == true && user["token"]?.hasPrefix("mst_") == true)
        let key = try json(StudioProcess.run(["keys", "create", "--user", user["id"]!, "--org", org["id"]!, "--json"] + state))
        #expect(key["key"]?.hasPrefix("msk_") == true && key["key"] != user["token"])
        let byEmail = try json(StudioProcess.run(["keys", "create", "--user", "ada@example.com", "--org", "acme", "--json"] + state))
        #expect(byEmail["key"] != key["key"])

        // The database and its write-ahead log, byte for byte: neither secret appears in either.
        let stateFiles = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("state").path)
            .filter { $0.hasPrefix("state.sqlite") }
        #expect(!stateFiles.isEmpty)
        for file in stateFiles {
            let bytes = try String(decoding: Data(contentsOf: directory.appendingPathComponent("state/\(file)")), as: UTF8.self)
            #expect(!bytes.contains(user["token"]!) && !bytes.contains(key["key"]!), "\(file) holds a raw secret")
            #expect(!bytes.contains(String(user["token"]!.dropFirst(4))), "\(file) holds a raw secret")
        }

        let duplicate = try StudioProcess.run(["users", "create", "ada@example.com", "--org", "acme"] + state)
        #expect(duplicate.status != 0 && duplicate.stderr.contains("already exists"))
        let badRole = try StudioProcess.run(["users", "create", "b@example.com", "--org", "acme", "--role", "admin"] + state)
        #expect(badRole.status == 2 && badRole.stderr.contains("--role"))
        let noOrg = try StudioProcess.run(["keys", "create", "--user", user["id"]!, "--org", "nowhere"] + state)
        #expect(noOrg.status != 0 && noOrg.stderr.contains("nowhere"))
    }
}
