import Foundation
import Testing

/// Licence honesty with another SoundFont (issue 13, item 11): a font we do not recognise makes
/// the sampled engines, and what they render, `unclear` with no commercial use, until the
/// operator declares its terms beside the font; every catalogue says where the terms came from.
@Suite struct SoundFontLicenceTests {
    static let sampledEngines: Set = ["ambient-1", "lofi-1", "keys-1"]

    /// A directory with the tiny font; `sidecar` is written as `tiny.sf2.licence.json`.
    static func font(sidecar: String? = nil) throws -> (directory: URL, font: URL) {
        let directory = try StudioProcess.temporaryDirectory()
        let font = directory.appendingPathComponent("tiny.sf2")
        try TinySoundFont.write(to: font)
        if let sidecar {
            try sidecar.write(to: directory.appendingPathComponent("tiny.sf2.licence.json"), atomically: true, encoding: .utf8)
        }
        return (directory, font)
    }

    static func engines(_ environment: [String: String] = [:]) throws -> [String: [String: Any]] {
        let result = try StudioProcess.run(["engines", "--json"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let list = try #require(object["data"] as? [[String: Any]])
        return Dictionary(list.map { ($0["engine_key"] as? String ?? "?", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func anUnknownFontMakesTheSampledEnginesAndTheirRendersUnclear() throws {
        let (directory, font) = try Self.font()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["STUDIO_SOUNDFONT": font.path]
        let engines = try Self.engines(environment)
        for key in Self.sampledEngines {
            let engine = try #require(engines[key])
            #expect(engine["enabled"] as? Bool == true, "\(key): \(engine)")
            #expect(engine["licence_class"] as? String == "unclear", "\(key)")
            #expect(engine["commercial_use"] as? Bool == false, "\(key)")
            let source = engine["licence_source"] as? String ?? ""
            #expect(source.hasPrefix("unknown font") && source.contains("tiny.sf2.licence.json"), "\(key): \(source)")
        }
        let pulse = try #require(engines["pulse-1"])
        #expect(pulse["licence_class"] as? String == "commercial_cleared")
        #expect((pulse["licence_source"] as? String ?? "").hasPrefix("built-in"))
        let table = try StudioProcess.run(["engines"], environment: environment).stdout
        #expect(table.contains("licence source: unknown font"), "\(table)")

        // What the engine renders carries the same terms: the render's report and its tags.
        let output = directory.appendingPathComponent("piano.flac")
        let render = try StudioProcess.run(["render", "--engine", "keys-1", "--prompt", "calm piano", "--duration", "4",
                                            "--seed", "3", "-o", output.path, "--json"], environment: environment)
        #expect(render.status == 0, "\(render.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(render.stdout.utf8)) as? [String: Any])
        let licence = try #require(report["licence"] as? [String: Any], "\(report.keys.sorted())")
        #expect(licence["licence_class"] as? String == "unclear", "\(licence)")
        let tags = try StudioProcess.runTool(URL(fileURLWithPath: "/usr/bin/ffprobe"),
                                             ["-v", "error", "-show_entries", "format_tags", "-of", "json", output.path])
        #expect(tags.stdout.contains("unclear") && !tags.stdout.contains("commercial_cleared"), "\(tags.stdout)")
    }

    @Test func theLiveAPIAndThePublishedCatalogueSayWhereTheTermsCameFrom() throws {
        let (directory, font) = try Self.font()
        defer { try? FileManager.default.removeItem(at: directory) }
        let project = try SiteProject()
        defer { project.cleanUp() }
        let (orgID, token) = try ServeCommandTests.makeOwner(project)
        let environment = ["STUDIO_SOUNDFONT": font.path]
        let (process, port, _) = try ServeCommandTests.startServer(state: project.state, out: project.output, environment: environment)
        defer { if process.isRunning { process.terminate() } }
        let (status, body) = try ServeCommandTests.request("GET", "http://127.0.0.1:\(port)/v1/organizations/\(orgID)/music/engines",
                                                           headers: ["Authorization": "Bearer \(token)"])
        #expect(status == 200)
        let list = try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["data"] as? [[String: Any]])
        let keys = try #require(list.first { $0["engine_key"] as? String == "keys-1" })
        #expect(keys["licence_class"] as? String == "unclear" && keys["commercial_use"] as? Bool == false, "\(keys)")
        #expect((keys["licence_source"] as? String ?? "").hasPrefix("unknown font"))
        process.terminate()
        process.waitUntilExit()

        let publish = try StudioProcess.run(["publish", "--state", project.state.path, "--out", project.output.path,
                                             "--templates", SiteProject.templates], environment: environment)
        #expect(publish.status == 0, "\(publish.stderr)")
        let published = try Data(contentsOf: project.output.appendingPathComponent("v1/music/engines/index.json"))
        let data = try #require((try JSONSerialization.jsonObject(with: published) as? [String: Any])?["data"] as? [[String: Any]])
        let publishedKeys = try #require(data.first { $0["engine_key"] as? String == "keys-1" })
        #expect(publishedKeys["licence_class"] as? String == "unclear")
        #expect((publishedKeys["licence_source"] as? String ?? "").hasPrefix("unknown font"))
    }

    @Test func aSidecarDeclaresTheTermsAndABrokenOneWidensNothing() throws {
        let declared = #"{"licence_class": "commercial_cleared", "commercial_use": true, "requires_attribution": true, "#
            + #""attribution": "Samples: Tiny Test Font (c) 2026 The Tests, CC0"}"#
        let (directory, font) = try Self.font(sidecar: declared)
        defer { try? FileManager.default.removeItem(at: directory) }
        let engines = try Self.engines(["STUDIO_SOUNDFONT": font.path])
        let keys = try #require(engines["keys-1"])
        #expect(keys["licence_class"] as? String == "commercial_cleared" && keys["commercial_use"] as? Bool == true, "\(keys)")
        #expect(keys["attribution"] as? String == "Samples: Tiny Test Font (c) 2026 The Tests, CC0")
        #expect(keys["licence_source"] as? String == "sidecar: \(font.path).licence.json")

        // Declared terms are part of the version: a render made under other terms is not reused.
        let (undeclaredDirectory, undeclaredFont) = try Self.font()
        defer { try? FileManager.default.removeItem(at: undeclaredDirectory) }
        let unknown = try #require(try Self.engines(["STUDIO_SOUNDFONT": undeclaredFont.path])["keys-1"])
        #expect(unknown["version"] as? String != keys["version"] as? String)

        for broken in [#"{"licence_class": "personal_only", "commercial_use": true, "requires_attribution": false}"#,
                       #"{"licence_class": "commercial_cleared", "requires_attribution": true}"#,
                       #"{"licence_class": "commercial_cleared", "requires_attribution": false, "free": true}"#,
                       "not json"] {
            let (brokenDirectory, brokenFont) = try Self.font(sidecar: broken)
            defer { try? FileManager.default.removeItem(at: brokenDirectory) }
            let engine = try #require(try Self.engines(["STUDIO_SOUNDFONT": brokenFont.path])["keys-1"])
            #expect(engine["licence_class"] as? String == "unclear" && engine["commercial_use"] as? Bool == false, "\(broken)")
            #expect((engine["licence_source"] as? String ?? "").contains("is invalid"), "\(broken): \(engine["licence_source"] ?? "")")
        }
    }

    @Test func theFontWeShipWithIsRecognisedByItsFingerprint() throws {
        let engines = try Self.engines()
        for key in Self.sampledEngines {
            let engine = try #require(engines[key])
            #expect(engine["licence_class"] as? String == "commercial_cleared", "\(key)")
            #expect(engine["licence_source"] as? String == "built-in: fluid-soundfont-gm (MIT)", "\(key)")
        }
    }
}
