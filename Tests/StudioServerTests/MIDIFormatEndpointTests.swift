import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// `params.format: "mid"`: the track is played as MP3 and carries its score, a Standard MIDI
    /// File served as `audio/midi`, in its downloadable formats and on its share page.
    @Suite struct MIDIFormatEndpointTests {
        @Test func aGenerationInMidGivesATrackWithItsScoreBesideTheAudio() async throws {
            try await StudioTestServer.with { s in
                let created = try await s.createGeneration(s.userA, duration: 2, params: ["seed": 5, "format": "mid"])
                #expect(created.status == 202, "\(created.text)")
                #expect(created["params"]?["format"] == "mid")
                let id = try #require(created["id"]?.string)
                let job = try await s.waitForJob(id, s.userA)
                #expect(job["status"] == "succeeded", "\(job.serialized())")
                let trackID = try #require(job["track_id"]?.string)
                let track = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)
                #expect(track.status == 200)
                // The primary format is audio: it is what plays, and what loudness and size describe.
                #expect(track["format"] == "mp3")
                #expect(track["loudness_lufs"]?.number.map { abs($0 + 14) < 1.5 } == true)
                let formats = try #require(track["formats"]?.array)
                #expect(Set(formats.compactMap { $0["format"]?.string }) == ["mp3", "mid"])
                let playback = try #require(track["playback"]?["url"]?.string)
                #expect(playback.contains(".mp3?"))

                let midURL = try #require(formats.first { $0["format"] == "mid" }?["url"]?.string)
                let score = try await s.send("GET", StudioTestServer.localPath(midURL))
                #expect(score.status == 200)
                #expect(score.headers["Content-Type"] == "audio/midi")
                #expect(Array(score.raw.body.prefix(14)) == Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, UInt8(score.raw.body[11]), 0x03, 0xC0],
                        "a type-1 Standard MIDI File at 960 ticks per quarter")
                #expect(formats.first { $0["format"] == "mid" }?["size_bytes"]?.number == Double(score.raw.body.count))

                // Shared, its page offers the score as a download, not as an <audio> source.
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                let page = try await s.send("GET", "/s/\(token)/")
                #expect(page.status == 200)
                let link = try #require(page.text.firstMatch(of: /<a class="download download--score" href="([^"?]+)\?download=1" type="audio\/midi" download="[^"]+\.mid">/))
                let published = try await s.send("GET", "/s/\(token)/\(link.output.1)")
                #expect(published.status == 200 && published.raw.body == score.raw.body)
                #expect(published.headers["Content-Type"] == "audio/midi")
                #expect(!page.text.contains("<source src=\"\(link.output.1)\""), "a MIDI file is not an audio source")
            }
        }

        @Test func midIsAFormatTheSchemaAndEnginesList() async throws {
            try await StudioTestServer.with { s in
                let engines = try await s.send("GET", "\(s.p())/engines", auth: s.userA.auth)["data"]?.array ?? []
                #expect(!engines.isEmpty && engines.allSatisfy { $0["formats"]?.array?.contains("mid") == true })
                let document = try await s.send("GET", "/v1/openapi.json")
                #expect(document.text.contains("\"mid\""))
                let bad = try await s.createGeneration(s.userA, params: ["format": "midi-file"])
                #expect(bad.status == 422 && bad["error"]?["message"]?.string?.contains("mid") == true)
            }
        }
    }
}
