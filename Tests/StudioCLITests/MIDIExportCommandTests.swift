import Foundation
import StudioAudio
import Testing

/// `mid` as an output format of the CLI and of recipes: `studio render -o piece.mid` writes the
/// score without synthesising it, `studio render --midi` plays it back, and a recipe's
/// `formats: ["flac", "mid"]` puts the score beside the audio in the build and on its share page.
@Suite struct MIDIExportCommandTests {
    static func json(_ text: String) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
    }

    @Test func renderToAMidFileWritesTheScoreAndPlaysBackWithTheSameNotes() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let midi = directory.appendingPathComponent("piece.mid")
        let common = ["--engine", "lofi-1", "--prompt", "late night lofi", "--duration", "10", "--seed", "4"]
        let export = try StudioProcess.run(["render"] + common + ["-o", midi.path, "--json"])
        #expect(export.status == 0, "\(export.stderr)")
        let report = Self.json(export.stdout)
        let notes = try #require(report["note_count"] as? Int)
        #expect(notes > 20)
        #expect(report["loudness_lufs"] == nil, "nothing was synthesised, so nothing was measured")
        let bytes = [UInt8](try Data(contentsOf: midi))
        #expect(Array(bytes.prefix(10)) == Array("MThd".utf8) + [0, 0, 0, 6, 0, 1], "a type-1 Standard MIDI File")
        #expect(report["size_bytes"] as? Int == bytes.count)
        #expect(report["tracks"] as? Int == (report["parts"] as? [String])?.count.advanced(by: 1))

        // --format mid says the same whatever the name, and the same request gives the same bytes.
        let named = directory.appendingPathComponent("score.bin")
        let again = try StudioProcess.run(["render"] + common + ["-o", named.path, "--format", "mid", "-q"])
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again.stderr)")
        #expect([UInt8](try Data(contentsOf: named)) == bytes)

        // The existing MIDI player reads it back: every note plays, on the sampled instruments.
        let audio = directory.appendingPathComponent("played.flac")
        let played = try StudioProcess.run(["render", "--midi", midi.path, "-o", audio.path, "--json", "--date", "2026-01-01"])
        #expect(played.status == 0, "\(played.stderr)")
        #expect(Self.json(played.stdout)["note_count"] as? Int == notes)
        #expect(played.stderr.isEmpty, "every GM program the export names is in FluidR3_GM: \(played.stderr)")
        let reader = try AudioFileReader(url: audio)
        #expect(Double(reader.frames) / 48_000 > 10)
    }

    @Test(arguments: [
        (["--engine", "keys-1", "--prompt", "x", "--duration", "5", "--stems", "-o", "a.mid"], "--stems cannot be used with a MIDI file"),
        (["--midi", "in.mid", "-o", "out.mid"], "choose an audio format"),
    ])
    func audioOnlyOptionsAreRefusedByName(arguments: [String], message: String) throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try MIDIRenderCommandTests.writeMIDI(to: directory.appendingPathComponent("in.mid"))
        let absolute = arguments.map { $0.hasSuffix(".mid") ? directory.appendingPathComponent($0).path : $0 }
        let result = try StudioProcess.run(["render"] + absolute)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        for name in ["a.mid", "out.mid"] {
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name) was written")
        }
    }

    @Test func aRecipeWithMidPublishesTheScoreBesideTheAudio() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipes = directory.appendingPathComponent("recipes")
        try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)
        try """
            { organization: "demo", tracks: { dusk: { engine: "keys-1", prompt: "wistful", duration: 4, seed: 2,
                                                       formats: ["flac", "mid"] } },
              shares: [ { track: "dusk" } ] }
            """.write(to: recipes.appendingPathComponent("demo.json5"), atomically: true, encoding: .utf8)
        let state = directory.appendingPathComponent("state"), out = directory.appendingPathComponent("public")
        let build = try StudioProcess.run(["build", "--recipes", recipes.path, "--state", state.path, "--out", out.path,
                                           "--templates", BuildCommandTests.templates, "--base-url", "https://music.example",
                                           "--date", "2026-11-25"])
        #expect(build.status == 0, "\(build.stderr)")
        let url = build.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let token = try #require(url.split(separator: "/").last.map(String.init))
        let page = out.appendingPathComponent("s/\(token)")
        let midi = page.appendingPathComponent("dusk.mid")
        #expect(Array([UInt8](try Data(contentsOf: midi)).prefix(4)) == Array("MThd".utf8))
        #expect(FileManager.default.fileExists(atPath: page.appendingPathComponent("dusk.flac").path))
        let html = try String(contentsOf: page.appendingPathComponent("index.html"), encoding: .utf8)
        // Downloads are named after the title (issue #17), and `?download=1` asks `studio serve` for that name too.
        #expect(html.contains("<a class=\"download download--score\" href=\"dusk.mid?download=1\" type=\"audio/midi\" download=\"Dusk.mid\">"))
        #expect(!html.contains("src=\"dusk.mid\""), "not an <audio> source")
        let mirror = try String(contentsOf: out.appendingPathComponent("v1/music/shares/\(token)/index.json"), encoding: .utf8)
        #expect(mirror.contains(/"format"\s*:\s*"mid"/))
        #expect(mirror.contains("https://music.example/s/\(token)/dusk.mid"))
    }

    @Test func aRecipeWithOnlyMidIsRefusedWithItsPosition() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipes = directory.appendingPathComponent("recipes")
        try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)
        try "{ organization: \"demo\",\n  tracks: { a: { engine: \"keys-1\", prompt: \"x\", duration: 4, formats: [\"mid\"] } } }\n"
            .write(to: recipes.appendingPathComponent("only.json5"), atomically: true, encoding: .utf8)
        let state = directory.appendingPathComponent("state"), out = directory.appendingPathComponent("public")
        let result = try StudioProcess.run(["build", "--recipes", recipes.path, "--state", state.path, "--out", out.path,
                                            "--templates", BuildCommandTests.templates])
        #expect(result.status == 1)
        #expect(result.stderr.contains("only.json5:2:") && result.stderr.contains("list an audio format with it"), "\(result.stderr)")
    }
}
