import Foundation
import Testing

/// `studio render` says what it did with every word of the prompt: the used ones with their
/// effect, the others as ignored or not supported by the engine, in the summary and in `--json`.
@Suite struct PromptWordsCommandTests {
    @Test func renderReportsEveryWordUsedOrIgnored() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("p.mid").path
        let prompt = "dark minimal techno in a minor key, waltz, florble"
        let result = try StudioProcess.run(["render", "--engine", "pulse-1", "--prompt", prompt, "--duration", "20", "-o", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("words used: dark (mood: "), "\(result.stdout)")
        #expect(result.stdout.contains("minimal techno (sub-genre: minimal"))
        #expect(result.stdout.contains("in a minor key (mode: minor)"))
        #expect(result.stdout.contains("words ignored: waltz (metre 3/4: this engine plays only 4/4); florble (not in the vocabulary)"))

        let json = try StudioProcess.run(["render", "--engine", "pulse-1", "--prompt", prompt, "--duration", "20", "--json", "-o", file])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let interpretation = try #require(report?["interpretation"] as? [String: Any])
        let words = try #require(interpretation["words"] as? [[String: Any]])
        #expect(words.map { $0["text"] as? String ?? "" } == ["dark", "minimal techno", "in a minor key", "waltz", "florble"])
        #expect(words.map { $0["status"] as? String ?? "" } == ["used", "used", "used", "unsupported", "ignored"])
    }
}
