import Foundation
import Testing

/// What `studio build` tells a person (issue #16): counts in plain English, and on a terminal a
/// progress bar that never goes backwards and names the track being rendered.
@Suite struct BuildOutputTests {
    static func recipes(seed: Int) -> String {
        """
        { organization: "demo",
          tracks: {
            one: { engine: "pulse-1", prompt: "techno", duration: 3, seed: \(seed) },
            two: { engine: "pulse-1", prompt: "house", duration: 2, seed: 2 },
            three: { engine: "pulse-1", prompt: "trance", duration: 4, seed: 3 },
          },
          collections: { all: { name: "All", tracks: ["one", "two", "three"] } },
          shares: [ { collection: "all" }, { track: "one" } ],
        }
        """
    }

    @Test func stateChangesAreCountedInPlainEnglish() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("demo.json5", Self.recipes(seed: 1))
        let first = try project.build()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("state: +1 collection, +1 organization, +2 share links, +3 tracks"), "\(first.stderr)")
        #expect(first.stderr.contains("plan: 3 renders"))
        try project.write("demo.json5", Self.recipes(seed: 9))
        let second = try project.build()
        #expect(second.stderr.contains("plan: 1 render (") && second.stderr.contains("~1 track"), "\(second.stderr)")
    }

    @Test func theProgressBarOnATerminalNeverGoesBackAndNamesTheTrack() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("demo.json5", Self.recipes(seed: 1))
        // script(1) gives the build a terminal, as a person running it has.
        let command = ([StudioProcess.executable.path, "build", "--jobs", "2"] + project.locations)
            .map { "'\($0)'" }.joined(separator: " ")
        let result = try StudioProcess.runTool(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(result.status == 0, "\(result.stdout)")
        let frames = result.stdout.components(separatedBy: "\r").filter { $0.contains("%  ETA") }
        #expect(frames.count >= 3, "no progress bar drawn: \(result.stdout)")
        var percents: [Int] = []
        for frame in frames {
            let match = frame.firstMatch(of: /rendering (demo\/[a-z]+) .* (\d+)%  ETA/)
            #expect(match != nil, "the bar does not name the track: \(frame)")
            if let match { percents.append(Int(match.output.2)!) }
        }
        #expect(percents == percents.sorted(), "the percentage went backwards: \(percents)")
        #expect(percents.last.map { $0 >= 90 } == true, "\(percents)")
    }
}
