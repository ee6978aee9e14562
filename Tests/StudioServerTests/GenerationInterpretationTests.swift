import Foundation
import StudioCore
@testable import StudioServer
import Testing

extension LiveServerTests {
    /// A generation job says what its prompt was understood as: key, tempo, time signature and
    /// where each came from, and every word as used, unsupported or ignored.
    @Suite struct GenerationInterpretationTests {
        @Test func aJobShowsWhatThePromptWasUnderstoodAs() async throws {
            try await StudioTestServer.with { s in
                let body: JSONValue = ["engine_key": "keys-1", "prompt": "a wistful waltz in 3/4 with saxophone, 70 bpm",
                                       "duration_seconds": 1, "params": ["key": "D minor", "seed": 3]]
                let created = try await s.send("POST", "\(s.p())/generations", json: body, auth: s.userA.auth)
                #expect(created.status == 202, "\(created.text)")
                let interpretation = try #require(created["interpretation"])
                #expect(interpretation["key"] == "D minor" && interpretation["key_source"] == "parameter")
                #expect(interpretation["bpm"] == 70 && interpretation["bpm_source"] == "prompt")
                #expect(interpretation["time_signature"] == "3/4")
                let words = try #require(interpretation["words"]?.array)
                func status(_ text: String) -> String? { words.first { $0["text"]?.string == text }?["status"]?.string }
                #expect(status("waltz") == "used" && status("in 3/4") == "used" && status("wistful") == "used")
                #expect(status("saxophone") == "unsupported" && status("a") == "ignored")
                #expect(interpretation["unsupported_instruments"] == ["saxophone"])
                // The same object when the job is read back, and on a 4/4-only engine the metre is reported, not played.
                let id = try #require(created["id"]?.string)
                let read = try await s.send("GET", "\(s.p())/generations/\(id)", auth: s.userA.auth)
                #expect(read["interpretation"] == created["interpretation"])
                let pulse = try await s.createGeneration(s.userA, prompt: "techno waltz", params: ["seed": 1])
                #expect(pulse["interpretation"]?["time_signature"] == "4/4")
                #expect(pulse["interpretation"]?["words"]?.array?.first { $0["text"] == "waltz" }?["status"] == "unsupported")
            }
        }
    }
}
