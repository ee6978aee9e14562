import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue 13, item 10: control characters never enter the state through the API. A title or
    /// name is one line with none at all; a prompt, lyrics or a description may keep tab and
    /// line feed. Every refusal is a 422 `invalid_characters` naming the field, and stores nothing.
    @Suite struct ControlCharacterTests {
        /// C0 (a carriage return: a URL line in an .m3u), DEL, C1 (NEL), and U+2028 / U+2029.
        static let lineBreakers = ["Night\rhttp://evil.example/x.mp3", "a\u{7F}b", "a\u{85}b", "a\u{2028}b", "a\u{2029}b",
                                   "a\u{1B}[31mred", "a\u{0}b"]

        @Test func titlesAndNamesRefuseEveryControlCharacter() async throws {
            try await StudioTestServer.with { s in
                for bad in Self.lineBreakers + ["tab\there", "two\nlines"] {
                    let job = try await s.send("POST", "\(s.p())/generations", json: [
                        "engine_key": "keys-1", "prompt": "calm piano", "duration_seconds": 5000, "title": .string(bad)], auth: s.userA.auth)
                    #expect(job.status == 422 && job.errorParam == "title" && job.errorCode == "invalid_characters", "\(bad): \(job.text)")
                    let collection = try await s.send("POST", "\(s.p())/collections", json: ["name": .string(bad)], auth: s.userA.auth)
                    #expect(collection.status == 422 && collection.errorParam == "name", "\(bad): \(collection.text)")
                }
                let jobs = try await s.send("GET", "\(s.p())/generations", auth: s.userA.auth)
                #expect(jobs["data"]?.array?.isEmpty == true, "nothing refused was stored")
                let collections = try await s.send("GET", "\(s.p())/collections", auth: s.userA.auth)
                #expect(collections["data"]?.array?.isEmpty == true)

                let created = try await s.send("POST", "\(s.p())/collections", json: ["name": "Plain"], auth: s.userA.auth)
                let id = try #require(created["id"]?.string)
                let renamed = try await s.send("PATCH", "\(s.p())/collections/\(id)", json: ["name": "Plain\u{2028}"], auth: s.userA.auth)
                #expect(renamed.status == 422 && renamed.errorParam == "name" && renamed.isJSONError)
                #expect(try await s.send("GET", "\(s.p())/collections/\(id)", auth: s.userA.auth)["name"] == "Plain")
            }
        }

        @Test func promptsLyricsAndDescriptionsKeepTabAndLineFeedOnly() async throws {
            try await StudioTestServer.with { s in
                // Over keys-1's limit, so the job is refused at once instead of rendered: it got past validation.
                let multiLine = try await s.send("POST", "\(s.p())/generations", json: [
                    "engine_key": "keys-1", "prompt": "calm piano\n\tslow", "duration_seconds": 5000], auth: s.userA.auth)
                #expect(multiLine.status == 202 && multiLine["prompt"] == "calm piano\n\tslow", "\(multiLine.text)")
                for bad in Self.lineBreakers {
                    let prompt = try await s.send("POST", "\(s.p())/generations", json: [
                        "engine_key": "keys-1", "prompt": .string(bad), "duration_seconds": 5000], auth: s.userA.auth)
                    #expect(prompt.status == 422 && prompt.errorParam == "prompt", "\(bad): \(prompt.text)")
                    let lyrics = try await s.send("POST", "\(s.p())/generations", json: [
                        "engine_key": "keys-1", "prompt": "piano", "duration_seconds": 5000, "params": ["lyrics": .string(bad)]], auth: s.userA.auth)
                    #expect(lyrics.status == 422 && lyrics.errorParam == "params.lyrics", "\(bad): \(lyrics.text)")
                    let focus = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                        "engine_key": "ambient-1", "prompt": .string(bad), "target_duration_seconds": 600], auth: s.userA.auth)
                    #expect(focus.status == 422 && focus.errorParam == "prompt", "\(bad): \(focus.text)")
                    let described = try await s.send("POST", "\(s.p())/collections", json: ["name": "N", "description": .string(bad)],
                                                     auth: s.userA.auth)
                    #expect(described.status == 422 && described.errorParam == "description", "\(bad): \(described.text)")
                }
                let described = try await s.send("POST", "\(s.p())/collections", json: ["name": "N", "description": "one\ntwo\tthree"],
                                                 auth: s.userA.auth)
                #expect(described.status == 201 && described["description"] == "one\ntwo\tthree")
            }
        }

        /// A track's title made from a multi-line prompt is one line: the prompt's words, each
        /// run of spaces, tabs and line feeds folded into one space.
        @Test func aTitleMadeFromAMultiLinePromptIsOneLine() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA, prompt: "  driving\ntechno \t at\n\ndawn\n")
                let track = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)
                #expect(track["title"] == "Driving techno at dawn", "\(track.text)")
                #expect(track["prompt"] == "  driving\ntechno \t at\n\ndawn\n", "the prompt itself is kept as sent")
            }
        }
    }
}
