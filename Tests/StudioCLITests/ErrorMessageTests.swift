import Foundation
import Testing

/// Issue #16's "no raw errors": every error `studio` prints starts with the one `studio: `
/// prefix, names the file or setting concerned, and carries none of Foundation's
/// `Error Domain=… UserInfo=…` text (StudioProcess.run checks that on every run in the suite;
/// this test reaches the file-system error paths on purpose). With it, the newcomer's rough edges.
@Suite struct ErrorMessageTests {
    /// A scratch directory with a plain file where directories are expected, and one recipe.
    struct Scratch {
        let root: URL
        init() throws {
            root = try StudioProcess.temporaryDirectory()
            try "not a directory".write(to: root.appendingPathComponent("afile"), atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("recipes"), withIntermediateDirectories: true)
            try #"{ organization: "o", tracks: { a: { engine: "pulse-1", prompt: "x", duration: 1 } } }"#
                .write(to: root.appendingPathComponent("recipes/a.json5"), atomically: true, encoding: .utf8)
        }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
    }

    static let render = ["render", "--engine", "pulse-1", "--prompt", "x", "--duration", "2"]

    @Test func everyErrorHasOnePrefixNamesWhatWasWrongAndNoFoundationText() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        let file = scratch.path("afile"), recipes = scratch.path("recipes")
        let cases: [([String], String)] = [
            (["bulid"], "did you mean 'build'?"),
            (["help", "rendr"], "did you mean 'render'?"),
            (["render", "--engin", "pulse-1"], "did you mean --engine?"),
            (["build", "--jbos", "2"], "did you mean --jobs?"),
            (["render", "--engine", "puls", "--prompt", "x", "--duration", "2", "-o", scratch.path("a.wav")], #"did you mean "pulse-1"?"#),
            (Self.render + ["-o", "/missing/dir/a.wav"], "cannot write /missing/dir/a.wav: the directory /missing/dir does not exist"),
            (Self.render + ["-o", "/proc/a.wav"], "cannot write /proc/a.wav"),
            (Self.render + ["-o", scratch.path("a.xyz")], "cannot tell the format of a.xyz"),
            (["build", "--recipes", recipes, "--state", file], file),
            (["build", "--recipes", recipes, "--state", scratch.path("state"), "--out", file], file),
            (["build", "--recipes", recipes, "--state", scratch.path("state"), "--cache", file], file),
            (["build", "--recipes", scratch.path("nowhere")], "nothing was written"),
            (["publish", "--state", file], file),
            (["orgs", "show", "x", "--state", file], file),
            (["serve", "--port", "0", "--state", file], file),
            (["analyze", scratch.path("missing.wav")], "missing.wav: no such file"),
            (["analyze", file], file),
            (["render", "--midi", scratch.path("missing.mid"), "-o", scratch.path("a.wav")], "no such MIDI file"),
            (["templates", "export", "/proc/studio-templates"], "/proc/studio-templates"),
            (["completion", "fish"], "bash or zsh"),
        ]
        for (arguments, words) in cases {
            let result = try StudioProcess.run(arguments)
            let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
            #expect(result.status != 0, "studio \(arguments.joined(separator: " ")) succeeded")
            #expect(last.hasPrefix("studio: ") && !last.hasPrefix("studio: studio"), "prefix: \(result.stderr)")
            #expect(result.stderr.contains(words), "studio \(arguments.joined(separator: " ")): no '\(words)' in: \(result.stderr)")
            #expect(!result.stderr.contains(".partial") && !result.stderr.contains("System error"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("a.xyz")), "an unknown extension must write nothing")
    }

    @Test func versionAndHelpForACommand() throws {
        for flag in ["-V", "--version"] {
            let result = try StudioProcess.run([flag])
            #expect(result.status == 0 && result.stdout.hasPrefix("studio "), "\(flag): \(result.stderr)")
        }
        let help = try StudioProcess.run(["help", "render"])
        #expect(help.status == 0 && help.stdout.hasPrefix("usage: studio render"), "\(help.stdout)")
        #expect(try StudioProcess.run(["help", "build"]).stdout.contains("--shard I/N"))
        #expect(try StudioProcess.run(["help"]).stdout.contains("commands:"))
    }

    @Test func renderJSONCarriesWaveformPeaksOnlyWhenAsked() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try StudioProcess.run(Self.render + ["-o", directory.appendingPathComponent("a.wav").path, "--json", "-q"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        #expect(report["peaks"] == nil && report["loudness_lufs"] != nil, "\(report.keys.sorted())")
        let asked = try StudioProcess.run(Self.render + ["-o", directory.appendingPathComponent("b.wav").path, "--json", "--peaks", "-q"])
        let withPeaks = try #require(try JSONSerialization.jsonObject(with: Data(asked.stdout.utf8)) as? [String: Any])
        #expect((withPeaks["peaks"] as? [Double])?.count == 200)
    }
}
