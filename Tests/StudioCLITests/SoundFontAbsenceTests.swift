import Foundation
import Testing

/// Without a SoundFont the sampled engines must say so and refuse work, rather than quietly
/// falling back to other instruments under a version that promises samples.
@Suite struct SoundFontAbsenceTests {
    static let sampledEngines: Set = ["ambient-1", "lofi-1", "keys-1"]
    static let missing = ["STUDIO_SOUNDFONT": "/nonexistent/missing.sf2"]

    @Test func sampledEnginesAreListedDisabledWithTheReason() throws {
        let result = try StudioProcess.run(["engines", "--json"], environment: Self.missing)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let engines = object?["data"] as? [[String: Any]] ?? []
        #expect(engines.count >= 4)
        for engine in engines {
            let key = engine["engine_key"] as? String ?? "?"
            let enabled = engine["enabled"] as? Bool
            if Self.sampledEngines.contains(key) {
                #expect(enabled == false, "\(key) should be disabled without its SoundFont")
                let reason = engine["disabled_reason"] as? String ?? ""
                #expect(reason.contains("/nonexistent/missing.sf2") && reason.contains("fluid-soundfont-gm"), "\(key): \(reason)")
            } else {
                #expect(enabled == true, "\(key) needs no SoundFont and should stay enabled")
            }
        }
    }

    @Test func sampledEnginesAreEnabledWithTheDefaultSoundFont() throws {
        let result = try StudioProcess.run(["engines", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let engines = object?["data"] as? [[String: Any]] ?? []
        for engine in engines where Self.sampledEngines.contains(engine["engine_key"] as? String ?? "") {
            #expect(engine["enabled"] as? Bool == true)
            #expect(engine["requires_attribution"] as? Bool == true)
            #expect((engine["attribution"] as? String ?? "").contains("FluidR3_GM"))
            #expect((engine["version"] as? String ?? "").contains("+sf."), "the SoundFont is part of the version")
        }
    }

    @Test(arguments: ["ambient-1", "lofi-1", "keys-1"])
    func renderingADisabledEngineIsRefused(engineKey: String) throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("x.flac")
        let result = try StudioProcess.run(["render", "--engine", engineKey, "--prompt", "calm", "--duration", "5", "-q",
                                            "-o", file.path], environment: Self.missing)
        #expect(result.status != 0)
        #expect(result.stderr.contains("disabled"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file.path), "a refused render writes nothing")
    }
}
