import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #13 items 4 and 5: focus sessions under the quota and the caps, the retention of
    /// their audio, promoting a segment once, and files removed only when nothing uses them.
    @Suite struct FocusLimitsTests {
        /// Two 10-second segments, the least rendering a session of several segments can take.
        static let shortSession: JSONValue = [
            "engine_key": "pulse-1", "prompt": "steady focus pulse", "target_duration_seconds": 20,
            "segment_duration_seconds": 10, "crossfade_seconds": 0,
        ]

        func session(_ s: StudioTestServer, _ id: String) async throws -> APIResponse {
            try await s.send("GET", "\(s.p())/focus-sessions/\(id)", auth: s.userA.auth)
        }

        /// Polls until the session is no longer active (a bounded wait).
        func waitUntilStopped(_ s: StudioTestServer, _ id: String) async throws -> APIResponse {
            let deadline = Date().addingTimeInterval(180)
            var current = try await session(s, id)
            while current["status"] == "active" && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                current = try await session(s, id)
            }
            return current
        }

        func segmentFiles(_ s: StudioTestServer, _ id: String) -> [String] {
            let directory = s.configuration.rendersDirectory.appendingPathComponent("focus/\(id)")
            return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }

        func fileSize(_ s: StudioTestServer, _ relative: String) throws -> Int {
            let path = s.configuration.rendersDirectory.appendingPathComponent(relative).path
            return try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        }

        @Test func overTheQuotaASessionIsRefusedAndARunningOneStopsSayingWhy() async throws {
            try await StudioTestServer.with(monthlyQuotaSeconds: 20) { s in
                // 12 s fit in 20; the second segment's 9 new seconds would not.
                let started = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "pulse-1", "prompt": "steady focus pulse", "target_duration_seconds": 600,
                    "segment_duration_seconds": 12, "crossfade_seconds": 3,
                ], auth: s.userA.auth)
                #expect(started.status == 201, "\(started.text)")
                #expect(started["end_reason"] == .null)
                let id = try #require(started["id"]?.string)
                let stopped = try await waitUntilStopped(s, id)
                #expect(stopped["status"] == "ended" && stopped["end_reason"] == "quota_exceeded", "\(stopped.text)")
                #expect(stopped["ended_at"]?.string != nil)
                let statuses = stopped["segments"]?.array?.compactMap { $0["status"]?.string }
                #expect(statuses == ["ready"], "no segment past the quota: \(statuses ?? [])")
                let usage = try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)
                #expect((usage["quota"]?["generated_seconds_used"]?.number ?? 99) <= 20, "\(usage.text)")

                // Now the organization is over: a new session is refused like a generation is.
                let refused = try await s.send("POST", "\(s.p())/focus-sessions", json: Self.shortSession, auth: s.userB.auth)
                #expect(refused.status == 429 && refused.isJSONError && refused.errorCode == "quota_exceeded", "\(refused.text)")
                #expect((refused.headers["Retry-After"].flatMap { Int($0) } ?? 0) >= 1)
                #expect(try await s.createGeneration(s.userA, duration: 12)["refusal"]?["code"] == "quota_exceeded")
                // Another organization's quota is its own.
                let other = try await s.send("POST", "\(s.p(s.org2))/focus-sessions", json: Self.shortSession, auth: s.userC.auth)
                #expect(other.status == 201)
                _ = try await s.send("POST", "\(s.p(s.org2))/focus-sessions/\(other["id"]?.string ?? "")/end", auth: s.userC.auth)
            }
        }

        @Test func activeSessionsAreCappedPerUserAndPerOrganization() async throws {
            try await StudioTestServer.with(configure: {
                $0.activeFocusSessionsPerUser = 2
                $0.activeFocusSessionsPerOrganization = 3
            }) { s in
                func start(_ user: TestUser) async throws -> APIResponse {
                    try await s.send("POST", "\(s.p())/focus-sessions", json: Self.shortSession, auth: user.auth)
                }
                let first = try await start(s.userA)
                #expect(first.status == 201)
                #expect(try await start(s.userA).status == 201)
                let third = try await start(s.userA)
                #expect(third.status == 409 && third.isJSONError && third.errorCode == "too_many_focus_sessions", "\(third.text)")
                #expect(third.text.contains("user"))
                #expect(try await start(s.userB).status == 201)
                let overOrganization = try await start(s.userB)
                #expect(overOrganization.status == 409 && overOrganization.errorCode == "too_many_focus_sessions")
                #expect(overOrganization.text.contains("organization"))
                // Ending one makes room; another organization was never counted.
                let firstID = try #require(first["id"]?.string)
                #expect(try await s.send("POST", "\(s.p())/focus-sessions/\(firstID)/end", auth: s.userA.auth).status == 200)
                #expect(try await start(s.userB).status == 201)
                #expect(try await s.send("POST", "\(s.p(s.org2))/focus-sessions", json: Self.shortSession,
                                         auth: s.userC.auth).status == 201)
            }
        }

        @Test func focusRequestsValidateLikeGenerations() async throws {
            try await StudioTestServer.with { s in
                for prompt in ["", "   \n", String(repeating: "x", count: 2001)] {
                    let response = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                        "engine_key": "pulse-1", "prompt": .string(prompt), "target_duration_seconds": 60,
                    ], auth: s.userA.auth)
                    #expect(response.status == 422 && response.errorParam == "prompt", "\(prompt.count): \(response.text)")
                    let generation = try await s.createGeneration(s.userA, prompt: prompt)
                    #expect(generation.status == 422 && generation.errorParam == "prompt")
                }
            }
        }
    }
}
