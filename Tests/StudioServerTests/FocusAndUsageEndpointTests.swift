import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// CONTRACT §5: focus sessions, usage, /healthz and /v1/openapi.json, over real sockets.
    @Suite struct FocusAndUsageEndpointTests {
        @Test func focusSessionsStartGetEndAndPromoteAMissingSegment() async throws {
            try await StudioTestServer.with { s in
                let started = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "pulse-1", "prompt": "steady beat for coding", "target_duration_seconds": 60,
                    "segment_duration_seconds": 20, "crossfade_seconds": 2,
                ], auth: s.userA.auth)
                #expect(started.status == 201, "\(started.text)")
                #expect(started["object"] == "focus_session")
                #expect(started["status"] == "active")
                #expect(started["target_duration_seconds"] == 60)
                #expect(started["crossfade_seconds"] == 2)
                #expect(started["ended_at"] == .null)
                #expect(started["segments"]?.array != nil)
                let id = try #require(started["id"]?.string)
                #expect(id.hasPrefix("mfocus_"))
                let got = try await s.send("GET", "\(s.p())/focus-sessions/\(id)", auth: s.userA.auth)
                #expect(got.status == 200)
                #expect(got["id"]?.string == id)
                for segment in got["segments"]?.array ?? [] {
                    #expect(segment["index"]?.number != nil)
                    #expect(segment["status"]?.string != nil)
                }
                #expect(try await s.send("GET", "\(s.p())/focus-sessions/\(id)", auth: s.userB.auth).status == 404)
                let ended = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/end", auth: s.userA.auth)
                #expect(ended.status == 200)
                #expect(ended["status"] == "ended")
                #expect(ended["ended_at"]?.string != nil)
                let promote = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/segments/999/promote", auth: s.userA.auth)
                #expect(promote.status == 404)
                #expect(promote.isJSONError)
                let notANumber = try await s.send("POST", "\(s.p())/focus-sessions/\(id)/segments/abc/promote", auth: s.userA.auth)
                #expect(notANumber.status == 404)
                let badCrossfade = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "pulse-1", "prompt": "x", "target_duration_seconds": 60, "segment_duration_seconds": 20,
                    "crossfade_seconds": 15,
                ], auth: s.userA.auth)
                #expect(badCrossfade.status == 422)
                #expect(badCrossfade.errorParam == "crossfade_seconds")
            }
        }

        @Test func usageCountsWhatTheTestDid() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA, duration: 2)
                let refused = try await s.createGeneration(s.userA, duration: 5000)
                #expect(refused["status"] == "refused")
                let long = try await s.createGeneration(s.userA, prompt: "long", duration: 600)
                let longID = try #require(long["id"]?.string)
                #expect(try await s.send("POST", "\(s.p())/generations/\(longID)/cancel", auth: s.userA.auth).status == 200)
                #expect(try await s.waitForJob(longID, s.userA)["status"] == "cancelled")
                let collection = try await s.send("POST", "\(s.p())/collections", json: ["name": "c"], auth: s.userB.auth)
                #expect(collection.status == 201)
                #expect(try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth).status == 201)
                let track = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)

                let usage = try await s.send("GET", "\(s.p())/usage", auth: s.userB.auth)
                #expect(usage.status == 200)
                #expect(usage["object"] == "usage")
                #expect(usage["period"]?["from"]?.string != nil && usage["period"]?["to"]?.string != nil)
                let generations = try #require(usage["generations"])
                #expect(generations["submitted"] == 3)
                #expect(generations["succeeded"] == 1)
                #expect(generations["refused"] == 1)
                #expect(generations["cancelled"] == 1)
                #expect(generations["failed"] == 0)
                #expect(usage["generated_seconds"] == 2)
                #expect(usage["focus_seconds"] == 0)
                #expect(usage["by_engine"] == [["engine_key": "pulse-1", "generations": 1, "generated_seconds": 2]])
                #expect(usage["tracks"] == 1)
                #expect(usage["collections"] == 1)
                #expect(usage["active_share_links"] == 1)
                #expect(usage["storage_bytes"] == track["size_bytes"])
                #expect(usage["quota"]?.object != nil)

                let other = try await s.send("GET", "\(s.p(s.org2))/usage", auth: s.userC.auth)
                #expect(other["generations"]?["submitted"] == 0)
                #expect(other["tracks"] == 0)
                let future = try await s.send("GET", "\(s.p())/usage?from=2100-01-01T00:00:00Z&to=2100-02-01T00:00:00Z", auth: s.userA.auth)
                #expect(future.status == 200)
                #expect(future["generations"]?["submitted"] == 0)
                let backwards = try await s.send("GET", "\(s.p())/usage?from=2100-01-01T00:00:00Z&to=2000-01-01T00:00:00Z",
                                                 auth: s.userA.auth)
                #expect(backwards.status == 400)
                #expect(backwards.errorParam == "from")
                let garbage = try await s.send("GET", "\(s.p())/usage?from=yesterday", auth: s.userA.auth)
                #expect(garbage.status == 400)
            }
        }

        @Test func healthAndTheOpenAPIDocument() async throws {
            try await StudioTestServer.with { s in
                let health = try await s.send("GET", "/healthz")
                #expect(health.status == 200)
                #expect(health["status"] == "ok")
                let document = try await s.send("GET", "/v1/openapi.json")
                #expect(document.status == 200)
                #expect(document.headers["Content-Type"]?.hasPrefix("application/json") == true)
                #expect(document["openapi"] == "3.1.0")
                #expect((document["paths"]?.object?.count ?? 0) >= 20)
                let post = try await s.send("POST", "/v1/openapi.json", json: [:])
                #expect(post.status == 405)
                #expect(post.headers["Allow"]?.contains("GET") == true)
            }
        }
    }
}
