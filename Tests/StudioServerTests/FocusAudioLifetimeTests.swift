import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #13 items 4 and 5: a segment promoted twice is one track; a file is removed only
    /// when no track and no segment uses it; ended sessions' audio goes after the retention
    /// period, promoted segments' stays; usage counts each stored file once.
    @Suite struct FocusAudioLifetimeTests {
        let limits = FocusLimitsTests()

        /// A completed 20-second session (two 10 s segments) of user A: its id and segments.
        func completedSession(_ s: StudioTestServer, _ clock: MovableClock) async throws -> (id: String, segments: [JSONValue]) {
            let started = try await s.send("POST", "\(s.p())/focus-sessions", json: FocusLimitsTests.shortSession, auth: s.userA.auth)
            let id = try #require(started["id"]?.string)
            clock.advance(seconds: 60)   // the listener is past the end: every segment is due
            let done = try await limits.waitUntilStopped(s, id)
            #expect(done["status"] == "completed" && done["end_reason"] == "target_reached", "\(done.text)")
            let segments = done["segments"]?.array ?? []
            #expect(segments.count == 2 && segments.allSatisfy { $0["status"] == "ready" })
            return (id, segments)
        }

        func playbackStatus(_ s: StudioTestServer, _ segment: JSONValue?) async throws -> Int {
            let url = try #require(segment?["playback"]?["url"]?.string)
            return try await s.send("GET", StudioTestServer.localPath(url)).status
        }

        @Test func promotingTwiceIsOneTrackAndDeletingItKeepsTheSegmentPlaying() async throws {
            let clock = MovableClock()
            try await StudioTestServer.with(clock: { clock.now }) { s in
                let (id, _) = try await completedSession(s, clock)
                let path = "\(s.p())/focus-sessions/\(id)/segments/1/promote"
                let first = try await s.send("POST", path, auth: s.userA.auth)
                #expect(first.status == 201, "\(first.text)")
                let again = try await s.send("POST", path, auth: s.userA.auth)
                #expect(again.status == 200 && again["id"] == first["id"], "\(again.text)")
                let trackID = try #require(first["id"]?.string)
                #expect(try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)["tracks"] == 1)

                // The track and the segment share one file: usage counts it once, with the others.
                let files = limits.segmentFiles(s, id)
                #expect(files.count == 2)
                let onDisk = try files.reduce(0) { $0 + (try limits.fileSize(s, "focus/\(id)/\($1)")) }
                let usage = try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)
                #expect(usage["storage_bytes"]?.number == Double(onDisk), "\(usage["storage_bytes"]?.number ?? -1) vs \(onDisk)")

                // Deleting the track leaves the segment's audio: the session still plays it.
                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth).status == 204)
                let after = try await limits.session(s, id)
                #expect(try await playbackStatus(s, after["segments"]?.array?[1]) == 200)
                #expect(limits.segmentFiles(s, id).count == 2)
            }
        }

        @Test func endedSessionsAudioGoesAfterTheRetentionPeriodButPromotedSegmentsStay() async throws {
            let clock = MovableClock()
            try await StudioTestServer.with(clock: { clock.now }, configure: { $0.focusRetention = 2 }) { s in
                let (id, _) = try await completedSession(s, clock)
                let promoted = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/segments/1/promote", auth: s.userA.auth)
                let trackID = try #require(promoted["id"]?.string)
                // Within the period nothing goes (the sweep runs every half second at this retention).
                try await Task.sleep(for: .seconds(1))
                #expect(limits.segmentFiles(s, id).count == 2)

                clock.advance(seconds: 3)
                let deadline = Date().addingTimeInterval(10)
                while limits.segmentFiles(s, id).count > 1 && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
                #expect(limits.segmentFiles(s, id) == ["segment-1.mp3"], "only the promoted segment's file stays")
                let session = try await limits.session(s, id)
                let segments = session["segments"]?.array ?? []
                #expect(segments.map { $0["status"]?.string ?? "" } == ["expired", "ready"], "\(session.text)")
                #expect(segments.first?["playback"] == .null)
                #expect(try await playbackStatus(s, segments[1]) == 200)
                let expired = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/segments/0/promote", auth: s.userA.auth)
                #expect(expired.status == 410 && expired.errorCode == "segment_expired" && expired.isJSONError, "\(expired.text)")
                let usage = try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)
                #expect(usage["storage_bytes"]?.number == Double(try limits.fileSize(s, "focus/\(id)/segment-1.mp3")))

                // Once the track is deleted, the segment is an ordinary ended one: the next sweep takes it.
                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth).status == 204)
                let later = Date().addingTimeInterval(10)
                while !limits.segmentFiles(s, id).isEmpty && Date() < later { try await Task.sleep(for: .milliseconds(100)) }
                #expect(limits.segmentFiles(s, id).isEmpty)
                #expect(try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)["storage_bytes"] == 0)
            }
        }
    }
}
