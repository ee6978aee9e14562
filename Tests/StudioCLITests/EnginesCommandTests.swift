import Foundation
import Testing

@Suite struct EnginesCommandTests {
    @Test func jsonCatalogueHasEveryContractField() throws {
        let result = try StudioProcess.run(["engines", "--json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["object"] as? String == "list")
        let engines = object?["data"] as? [[String: Any]] ?? []
        #expect(engines.count >= 4)
        let required = ["engine_key", "name", "description", "max_duration_seconds", "vocals", "stems", "languages",
                        "licence_class", "commercial_use", "requires_attribution", "attribution", "formats", "sample_rate", "enabled"]
        for engine in engines {
            for field in required { #expect(engine.keys.contains(field), "\(engine["engine_key"] ?? "?") lacks \(field)") }
            let licence = engine["licence_class"] as? String
            let commercial = engine["commercial_use"] as? Bool
            #expect(commercial == (licence == "commercial_cleared" || licence == "commercial_enterprise"))
            #expect(engine["vocals"] as? Bool == false, "no engine sings")
        }
        #expect(Set(engines.compactMap { $0["engine_key"] as? String }).isSuperset(of: ["ambient-1", "lofi-1", "pulse-1", "keys-1"]))
    }

    @Test func tableAndKeysAgreeWithTheCatalogue() throws {
        let keys = try StudioProcess.run(["engines", "--keys"]).stdout.split(separator: "\n").map(String.init)
        let table = try StudioProcess.run(["engines"]).stdout
        #expect(keys.count >= 4)
        for key in keys { #expect(table.contains(key)) }
        #expect(table.contains("LICENCE"))
    }
}

@Suite struct AnalyzeCommandTests {
    @Test func measuresARenderTheWayItWasMade() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("p.wav").path
        let render = try StudioProcess.run(["render", "--engine", "pulse-1", "--prompt", "128 bpm in F minor", "--duration", "40",
                                            "-q", "-o", file])
        #expect(render.status == 0, "\(render.stderr)")
        let result = try StudioProcess.run(["analyze", "--json", file])
        #expect(result.status == 0, "\(result.stderr)")
        let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let analysis = try #require(list?.first)
        #expect(abs((analysis["loudness_lufs"] as? Double ?? 0) + 14) < 1)
        #expect(abs((analysis["tempo_bpm"] as? Double ?? 0) - 128) / 128 < 0.02)
        #expect(analysis["key"] as? String == "F minor")
    }

    @Test func aMissingFileIsNamed() throws {
        let result = try StudioProcess.run(["analyze", "/nonexistent/x.flac"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/nonexistent/x.flac"))
    }
}
