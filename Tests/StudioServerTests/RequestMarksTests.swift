import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #17 item 5: `Request-Id` on every answer, `Location` on every 201 and 202.
    @Suite struct RequestMarksTests {
        @Test func everyAnswerHasARequestIDAndEveryCreationALocation() async throws {
            try await StudioTestServer.with { s in
                let health = try await s.send("GET", "/healthz")
                let generated = try #require(health.headers["Request-Id"])
                #expect(generated.wholeMatch(of: /req_[0-9A-Za-z]{22}/) != nil)
                #expect(try await s.send("GET", "/healthz").headers["Request-Id"] != generated)
                let echoed = try await s.send("GET", "/nothing-here", headers: [("Request-Id", "client-42")])
                #expect(echoed.status == 404)
                #expect(echoed.headers["Request-Id"] == "client-42")
                let refused = try await s.send("GET", "\(s.p())/tracks", headers: [("Request-Id", "bad id with spaces")])
                #expect(refused.status == 401)
                #expect(refused.headers["Request-Id"]?.hasPrefix("req_") == true)

                let job = try await s.createGeneration(s.userA)
                #expect(job.status == 202)
                let jobID = try #require(job["id"]?.string)
                #expect(job.headers["Location"] == "\(s.p())/generations/\(jobID)")
                let trackID = try await s.makeTrack(s.userA)
                let saved = try await s.send("POST", "\(s.p())/tracks/\(trackID)/save", auth: s.userA.auth)
                #expect(saved.status == 201)
                #expect(saved.headers["Location"] == "\(s.p())/tracks/\(trackID)")
                let collection = try await s.send("POST", "\(s.p())/collections", json: ["name": "Set"], auth: s.userA.auth)
                let collectionID = try #require(collection["id"]?.string)
                #expect(collection.headers["Location"] == "\(s.p())/collections/\(collectionID)")
                let added = try await s.send("POST", "\(s.p())/collections/\(collectionID)/tracks", json: ["track_id": .string(trackID)],
                                             auth: s.userA.auth)
                #expect(added.headers["Location"] == "\(s.p())/collections/\(collectionID)/tracks")
                let share = try await s.send("POST", "\(s.p())/collections/\(collectionID)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                let location = try #require(share.headers["Location"])
                #expect(location == "/v1/music/shares/\(token)")
                #expect(try await s.send("GET", location).status == 200)
                let focus = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "pulse-1", "prompt": "calm", "target_duration_seconds": 60,
                ], auth: s.userA.auth)
                #expect(focus.headers["Location"] == "\(s.p())/focus-sessions/\(focus["id"]?.string ?? "?")")
            }
        }
    }
}
