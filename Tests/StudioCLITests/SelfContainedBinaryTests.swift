import Foundation
import Testing

/// Issue #16: `studio` is one self-contained file. The templates, style.css and the focus player
/// are compiled in (Plugins/EmbedSiteTemplates), a templates directory overrides them file by
/// file, and `studio templates export` writes the built-in set out.
@Suite(.serialized) struct SelfContainedBinaryTests {
    static let recipes = """
        { organization: "demo",
          tracks: {
            beat: { engine: "pulse-1", prompt: "techno", duration: 2, seed: 3 },
            piano: { engine: "keys-1", prompt: "wistful piano", duration: 2, seed: 5 },
          },
          collections: { both: { name: "Both", tracks: ["beat", "piano"] } },
          shares: [ { collection: "both" }, { track: "beat" }, { track: "piano" } ],
        }
        """

    /// A directory holding nothing but a copy of the binary, and the recipes beside it.
    struct LoneBinary {
        let root: URL
        var studio: URL { root.appendingPathComponent("studio") }
        init() throws {
            root = try StudioProcess.temporaryDirectory()
            try FileManager.default.copyItem(at: StudioProcess.executable, to: studio)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("recipes"), withIntermediateDirectories: true)
            try SelfContainedBinaryTests.recipes.write(to: root.appendingPathComponent("recipes/demo.json5"), atomically: true,
                                                       encoding: .utf8)
        }
        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> StudioProcess.Result {
            // STUDIO_* from the test's environment must not point the copy back at the repository.
            let cleared = ["STUDIO_TEMPLATES": "", "STUDIO_RECIPES": "", "STUDIO_OUT": "", "STUDIO_STATE": "", "STUDIO_CACHE": ""]
            return try StudioProcess.run(arguments, executable: studio, environment: cleared.merging(environment) { $1 },
                                         directory: root)
        }
        func contents(_ name: String) throws -> [String: Data] {
            try SiteProject.contents(of: root.appendingPathComponent(name))
        }
    }

    @Test func aCopiedBinaryAloneBuildsTheSameSiteAsTheRepositoryTemplates() throws {
        let lone = try LoneBinary()
        defer { try? FileManager.default.removeItem(at: lone.root) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: lone.root.path).sorted() == ["recipes", "studio"])

        let build = try lone.run(["build", "--date", "2026-11-25", "--base-url", "https://music.example"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lone.root.appendingPathComponent("templates").path))
        let builtIn = try lone.contents("public")
        #expect(builtIn.keys.contains("assets/style.css") && builtIn.keys.contains("focus/index.html")
                && builtIn.keys.contains("404.html"), "\(builtIn.keys.sorted())")
        #expect(builtIn.keys.filter { $0.hasPrefix("s/") && $0.hasSuffix("/index.html") && !$0.contains("/embed/") }.count == 3)

        // The same state published with the repository's templates/: every file byte-identical.
        let publish = try lone.run(["publish", "--templates", SiteProject.templates, "--out", "public-repository",
                                    "--base-url", "https://music.example"])
        #expect(publish.status == 0, "\(publish.stderr)")
        let repository = try lone.contents("public-repository")
        #expect(builtIn.keys.sorted() == repository.keys.sorted())
        for (path, data) in builtIn where repository[path] != data {
            Issue.record("\(path) differs between the built-in templates and the repository's templates/")
        }
        let css = try Data(contentsOf: URL(fileURLWithPath: SiteProject.templates).appendingPathComponent("style.css"))
        #expect(builtIn["assets/style.css"] == css)
    }

    @Test func theBuiltInSetIsTheRepositoryTemplatesByteForByte() throws {
        let lone = try LoneBinary()
        defer { try? FileManager.default.removeItem(at: lone.root) }
        let export = try lone.run(["templates", "export", "theme"])
        #expect(export.status == 0, "\(export.stderr)")
        let exported = try lone.contents("theme")
        let repository = try SiteProject.contents(of: URL(fileURLWithPath: SiteProject.templates))
            .filter { !$0.key.hasPrefix(".") }
        #expect(exported.keys.sorted() == repository.keys.sorted(),
                "the built-in templates are not templates/: rebuild with `swift build` (the EmbedSiteTemplates plugin regenerates them)")
        for (name, data) in repository where exported[name] != data {
            Issue.record("built-in \(name) differs from templates/\(name): rebuild with `swift build` (the EmbedSiteTemplates plugin regenerates the built-in set from templates/)")
        }
        let list = try lone.run(["templates", "list"])
        #expect(list.stdout.split(separator: "\n").map(String.init) == repository.keys.sorted())

        // A second export refuses to overwrite; --force replaces.
        let again = try lone.run(["templates", "export", "theme"])
        #expect(again.status == 1 && again.stderr.hasPrefix("studio: ") && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try lone.run(["templates", "export", "theme", "--force"]).status == 0)
    }

    @Test func aTemplatesDirectoryOverridesTheBuiltInFilesOfTheSameName() throws {
        let lone = try LoneBinary()
        defer { try? FileManager.default.removeItem(at: lone.root) }
        #expect(try lone.run(["build", "--date", "2026-11-25", "-q"]).status == 0)
        let before = try lone.contents("public")

        // templates/ in the working directory, holding only style.css: that file changes, no other.
        let local = lone.root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
        try "body { color: red }\n".write(to: local.appendingPathComponent("style.css"), atomically: true, encoding: .utf8)
        #expect(try lone.run(["publish", "-q"]).status == 0)
        let styled = try lone.contents("public")
        #expect(styled["assets/style.css"] == Data("body { color: red }\n".utf8))
        #expect(styled.filter { $0.key != "assets/style.css" } == before.filter { $0.key != "assets/style.css" })

        // STUDIO_TEMPLATES names another directory, whose 404.html replaces the built-in one.
        let other = lone.root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try "<p>lost: {{ site.name }}</p>\n".write(to: other.appendingPathComponent("404.html"), atomically: true, encoding: .utf8)
        #expect(try lone.run(["publish", "-q"], environment: ["STUDIO_TEMPLATES": other.path]).status == 0)
        let replaced = try lone.contents("public")
        #expect(replaced["404.html"] == Data("<p>lost: Music Studio</p>\n".utf8))
        #expect(replaced["assets/style.css"] == before["assets/style.css"], "the variable's directory replaces templates/")

        // A directory that does not exist is an error naming the setting, not a silent fallback.
        for (arguments, environment, setting) in [(["publish", "--templates", "nowhere"], [String: String](), "--templates"),
                                                  (["publish"], ["STUDIO_TEMPLATES": "nowhere"], "STUDIO_TEMPLATES")] {
            let result = try lone.run(arguments, environment: environment)
            #expect(result.status == 2 && result.stderr.hasPrefix("studio: \(setting) nowhere: no such directory"), "\(result.stderr)")
        }
        // A template that does not compile names its file, line and column.
        try "{{# broken }}\n".write(to: other.appendingPathComponent("track.html"), atomically: true, encoding: .utf8)
        let broken = try lone.run(["publish"], environment: ["STUDIO_TEMPLATES": other.path])
        #expect(broken.status == 1 && broken.stderr.contains(other.appendingPathComponent("track.html").path + ":1:"),
                "\(broken.stderr)")
    }
}
