import Foundation
import Testing

/// Issue 13, item 10, through `studio build`: control characters in a recipe's titles, names,
/// descriptions and prompts are problems at their `file:line:column`, and a collection naming
/// an undeclared track is reported in the same run as every other problem of the set.
@Suite struct RecipeProblemsTests {
    @Test func controlCharactersAreReportedAtTheirPlaceAndNothingIsWritten() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("a.json5", #"""
            {
              organization: "demo",
              tracks: {
                one: { engine: "pulse-1", prompt: "night\tdrive\nslow", duration: 10, title: "Night\rhttp://evil.example/x.mp3" },
                two: { engine: "pulse-1", prompt: "bad\u0007bell", duration: 10, title: "Two\u2028Lines" },
              },
              collections: {
                mix: { name: "Mix\u0085", description: "one\ntwo", tracks: ["one"] },
                other: { name: "Other", description: "esc \u001b[31m", tracks: ["two"] },
              },
            }
            """#)
        let result = try project.build()
        #expect(result.status != 0)
        let path = project.recipes.appendingPathComponent("a.json5").relativePath
        let expected = [
            "\(path):4:82: title: expected one line without control characters, got the control character U+000D",
            "\(path):5:39: prompt: expected text without control characters other than tab and line feed, got the control character U+0007",
            "\(path):5:77: title: expected one line without control characters, got the control character U+2028",
            "\(path):8:18: name: expected one line without control characters, got the control character U+0085",
            "\(path):9:42: description: expected text without control characters other than tab and line feed, got the control character U+001B",
        ]
        let lines = result.stderr.split(separator: "\n").map(String.init)
        for line in expected { #expect(lines.contains(line), "missing \(line) in:\n\(result.stderr)") }
        #expect(lines.filter { $0.hasPrefix(path) }.count == expected.count, "\(result.stderr)")
        #expect(try project.contents(of: project.output).isEmpty, "a set that does not validate publishes nothing")
    }

    @Test func anUndeclaredTrackIsReportedTogetherWithAnotherFilesProblems() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("a.json5", """
            {
              organization: "demo",
              tracks: { one: { engine: "pulse-1", prompt: "night drive", duration: 10, bpm: 999 } },
            }
            """)
        try project.write("b.json5", """
            {
              organization: "demo",
              collections: { mix: { name: "Mix", tracks: ["one", "ghost"] } },
            }
            """)
        let result = try project.build()
        #expect(result.status != 0)
        let a = project.recipes.appendingPathComponent("a.json5").relativePath
        let b = project.recipes.appendingPathComponent("b.json5").relativePath
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(a):3:81: bpm: expected a number between 20 and 300, got 999"), "\(result.stderr)")
        #expect(lines.contains("\(b):3:54: collection \"mix\": unknown track \"ghost\" in organization \"demo\""), "\(result.stderr)")
    }
}
