import Foundation
import StudioCore
import Synchronization
import Testing

/// A clock the test moves, so that expiry and a listener's position need no waiting.
final class MovableClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    func advance(seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

extension LiveServerTests {
    /// Issue #6 behaviours that depend on time: an 8-hour session's ahead-buffer, link expiry,
    /// and revoking a link that someone has already saved from.
    @Suite struct FocusAndShareTimeTests {
        func readySegments(_ s: StudioTestServer, _ id: String) async throws -> (ready: Int, status: String, json: JSONValue) {
            let session = try await s.send("GET", "\(s.p())/focus-sessions/\(id)", auth: s.userA.auth)
            let segments = session["segments"]?.array ?? []
            return (segments.filter { $0["status"]?.string == "ready" }.count, session["status"]?.string ?? "", session.json)
        }

        func waitForReady(_ s: StudioTestServer, _ id: String, atLeast count: Int) async throws -> Int {
            let deadline = Date().addingTimeInterval(90)
            while Date() < deadline {
                let ready = try await readySegments(s, id).ready
                if ready >= count { return ready }
                try await Task.sleep(for: .milliseconds(100))
            }
            return try await readySegments(s, id).ready
        }

        @Test func anEightHourSessionStaysAFewSegmentsAheadOfItsListener() async throws {
            let clock = MovableClock()
            try await StudioTestServer.with(clock: { clock.now }) { s in
                let start = clock.now
                let started = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "ambient-1", "prompt": "calm rain", "target_duration_seconds": 28_800,
                    "segment_duration_seconds": 12, "crossfade_seconds": 3,
                ], auth: s.userA.auth)
                #expect(started.status == 201, "\(started.text)")
                let id = try #require(started["id"]?.string)
                // At the start: the segment to play and two ahead, and then nothing more.
                #expect(try await waitForReady(s, id, atLeast: 3) == 3)
                try await Task.sleep(for: .milliseconds(1500))
                let idle = try await readySegments(s, id)
                #expect(idle.ready == 3 && idle.status == "active", "nothing is rendered far ahead of the listener")

                // A minute later (hop 9 s): the listener is in segment 6 or 7; two ahead of it are
                // ready, no more. (The real seconds the test takes count too: the bound uses them.)
                clock.advance(seconds: 60)
                let expected = Int(60 / 9) + 3
                #expect(try await waitForReady(s, id, atLeast: expected) >= expected)
                try await Task.sleep(for: .milliseconds(1500))
                let later = try await readySegments(s, id)
                let bound = Int(clock.now.timeIntervalSince(start) / 9) + 3
                #expect(later.ready >= expected && later.ready <= bound,
                        "a minute in, \(later.ready) segments of an 8-hour session (bound \(bound))")
                // The ready segments play: each signed URL fetches audio.
                for segment in later.json["segments"]?.array ?? [] {
                    guard let url = segment["playback"]?["url"]?.string else { continue }
                    let media = try await s.send("GET", StudioTestServer.localPath(url))
                    #expect(media.status == 200 && media.raw.body.count > 10_000)
                }
                let ended = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/end", auth: s.userA.auth)
                #expect(ended["status"]?.string == "ended")
                // Counted after the end, not at `later`: the real seconds the media fetches take
                // move the listener on, and a segment may finish before the end arrives.
                let atEnd = try await readySegments(s, id).ready
                #expect(atEnd <= Int(clock.now.timeIntervalSince(start) / 9) + 3)
                clock.advance(seconds: 600)
                try await Task.sleep(for: .milliseconds(1500))
                #expect(try await readySegments(s, id).ready == atEnd, "an ended session renders nothing more")
            }
        }

        /// A session that reaches its target is `completed`; a segment promoted from it is a
        /// track like any other (saved, collected, shared, saved again through its link).
        @Test func aSessionCompletesAndAPromotedSegmentIsAnOrdinaryTrack() async throws {
            let clock = MovableClock()
            try await StudioTestServer.with(clock: { clock.now }) { s in
                let started = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "pulse-1", "prompt": "steady focus pulse", "target_duration_seconds": 24,
                    "segment_duration_seconds": 12, "crossfade_seconds": 3,
                ], auth: s.userA.auth)
                #expect(started.status == 201, "\(started.text)")
                let id = try #require(started["id"]?.string)
                clock.advance(seconds: 60)   // the listener is past the end: everything is due
                let deadline = Date().addingTimeInterval(60)
                var session = try await readySegments(s, id)
                while session.status != "completed" && Date() < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    session = try await readySegments(s, id)
                }
                // 24 s at 12 s segments overlapping by 3 s: 12 + 9 + 9 ≥ 24, three segments.
                #expect(session.status == "completed" && session.ready == 3, "\(session.status), \(session.ready) ready")

                let promoted = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/segments/1/promote", auth: s.userA.auth)
                #expect(promoted.status == 201, "\(promoted.text)")
                let trackID = try #require(promoted["id"]?.string)
                #expect(trackID.hasPrefix("mtrack_"))
                #expect(promoted["source"]?["type"] == "focus_segment" && promoted["source"]?["focus_session_id"]?.string == id
                        && promoted["source"]?["segment_index"]?.number == 1)
                #expect(promoted["engine_key"] == "pulse-1" && promoted["licence_class"]?.string != nil
                        && promoted["requires_attribution"] != nil && promoted["commercial_use"] != nil)
                #expect(try await s.send("POST", "\(s.p())/tracks/\(trackID)/save", auth: s.userA.auth).status == 201)
                let collection = try #require(try await s.send("POST", "\(s.p())/collections", json: ["name": "Focus keepers"],
                                                               auth: s.userA.auth)["id"]?.string)
                #expect(try await s.send("POST", "\(s.p())/collections/\(collection)/tracks", json: ["track_id": .string(trackID)],
                                         auth: s.userA.auth).status == 201)
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", json: [:], auth: s.userA.auth)
                #expect(share.status == 201)
                let token = try #require(share["token"]?.string)
                let resolved = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(resolved.status == 200 && resolved["track"]?["id"]?.string == trackID)
                let audio = try await s.send("GET", StudioTestServer.localPath(try #require(resolved["track"]?["playback"]?["url"]?.string)))
                #expect(audio.status == 200 && audio.raw.body.count > 10_000)
                #expect(try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", auth: s.userC.auth).status == 201)
            }
        }

        /// Ending a session stops it at once: the segment being rendered is cancelled (failed,
        /// never ready) and nothing more is rendered.
        @Test func endingASessionCancelsTheRenderInFlight() async throws {
            try await StudioTestServer.with { s in
                let started = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "ambient-1", "prompt": "long calm pads", "target_duration_seconds": 3600,
                ], auth: s.userA.auth)
                let id = try #require(started["id"]?.string)
                // Wait for the first 60 s segment to be under way, then end the session.
                let deadline = Date().addingTimeInterval(30)
                var rendering = false
                while !rendering && Date() < deadline {
                    let segments = try await readySegments(s, id).json["segments"]?.array ?? []
                    rendering = segments.contains { $0["status"]?.string == "rendering" }
                    if !rendering { try await Task.sleep(for: .milliseconds(5)) }
                }
                #expect(rendering)
                let ended = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/end", auth: s.userA.auth)
                #expect(ended["status"]?.string == "ended")
                let readyAtEnd = (ended["segments"]?.array ?? []).filter { $0["status"]?.string == "ready" }.count
                try await Task.sleep(for: .milliseconds(3000))
                let after = try await readySegments(s, id)
                #expect(after.ready == readyAtEnd, "a segment became ready after the end")
                let statuses = (after.json["segments"]?.array ?? []).compactMap { $0["status"]?.string }
                #expect(!statuses.contains("rendering") && !statuses.contains("pending"), "\(statuses)")
                #expect(statuses.contains("failed"), "the render in flight was cancelled: \(statuses)")
                let leftovers = try FileManager.default.contentsOfDirectory(
                    atPath: s.configuration.rendersDirectory.appendingPathComponent("focus/\(id)").path)
                #expect(!leftovers.contains { $0.hasPrefix(".") }, "\(leftovers)")
            }
        }

        @Test func aLinkExpiresOnTheClockAndARevokedLinkTakesBackWhatWasSavedFromIt() async throws {
            let clock = MovableClock()
            try await StudioTestServer.with(clock: { clock.now }) { s in
                let track = try await s.makeTrack(s.userA)
                let expires = Timestamp.rfc3339(clock.now.addingTimeInterval(120))
                let expiring = try await s.send("POST", "\(s.p())/tracks/\(track)/share", json: ["expires_at": .string(expires)],
                                                auth: s.userA.auth)
                let expiringToken = try #require(expiring["token"]?.string)
                #expect(try await s.send("GET", "/v1/music/shares/\(expiringToken)").status == 200)
                clock.advance(seconds: 121)
                let gone = try await s.send("GET", "/v1/music/shares/\(expiringToken)")
                #expect(gone.status == 410 && gone["error"]?["code"]?.string == "share_expired")

                // User C (another organization) saves from a link; then the link is revoked.
                let link = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
                let token = try #require(link["token"]?.string), shareID = try #require(link["id"]?.string)
                let saved = try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", auth: s.userC.auth)
                #expect(saved.status == 201)
                #expect(try await s.send("DELETE", "\(s.p())/shares/\(shareID)", auth: s.userA.auth).status == 204)
                #expect(try await s.send("GET", "/v1/music/shares/\(token)").status == 410)
                #expect(try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", auth: s.userC.auth).status == 410,
                        "no new saves through a revoked link")
                // The owner takes it back (issue #13): the entry stays in C's library, listed as
                // unavailable (no title, no audio) so that C can remove it, and the track is not readable.
                let library = try await s.send("GET", "\(s.p(s.org2))/tracks", auth: s.userC.auth)
                #expect(library["data"]?.array?.compactMap { $0["id"]?.string } == [track])
                #expect(library["data"]?.array?.first?["available"] == false && library["data"]?.array?.first?["title"] == nil)
                #expect(try await s.send("GET", "\(s.p(s.org2))/tracks/\(track)", auth: s.userC.auth).status == 404)
            }
        }
    }
}
