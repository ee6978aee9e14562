import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Edge cases found while writing the suites above: each was a bug or is a likely regression.
    @Suite struct EdgeCaseTests {
        @Test func deeplyNestedJSONIsRefusedAndTheServerLives() async throws {
            try await StudioTestServer.with { s in
                let body = Array(repeating: UInt8(ascii: "["), count: 200_000)
                let response = APIResponse(raw: try await s.sendFresh(StudioTestServer.requestBytes("POST", "\(s.p())/collections", body: body,
                                                                                                   auth: s.userA.auth)))
                #expect(response.status == 400)
                #expect(try await s.isHealthy())
            }
        }

        @Test func pagesStayStableWhenItemsShareAMillisecondAndNewOnesArrive() async throws {
            try await StudioTestServer.with { s in
                for index in 0..<12 { _ = try await s.createGeneration(s.userA, prompt: "burst \(index)", duration: 1801) }
                let all = try await s.send("GET", "\(s.p())/generations?limit=100", auth: s.userA.auth)["data"]?.array?.compactMap { $0["id"]?.string } ?? []
                #expect(all.count == 12)
                var paged: [String] = []
                var cursor: String?
                var round = 0
                repeat {
                    let page = try await s.send("GET", "\(s.p())/generations?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""), auth: s.userA.auth)
                    paged += page["data"]?.array?.compactMap { $0["id"]?.string } ?? []
                    cursor = page["next_cursor"]?.string
                    // A job created between pages is newer than the cursor: it does not shift what follows.
                    if round == 0 { _ = try await s.createGeneration(s.userA, prompt: "late", duration: 1801) }
                    round += 1
                } while cursor != nil && round < 10
                #expect(paged == all)

                for index in 0..<7 {
                    #expect(try await s.send("POST", "\(s.p())/collections", json: ["name": .string("c\(index)")], auth: s.userA.auth).status == 201)
                }
                let collections = try await s.send("GET", "\(s.p())/collections?limit=100", auth: s.userA.auth)["data"]?.array?.compactMap { $0["id"]?.string } ?? []
                var pagedCollections: [String] = []
                cursor = nil
                round = 0
                repeat {
                    let page = try await s.send("GET", "\(s.p())/collections?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), auth: s.userA.auth)
                    pagedCollections += page["data"]?.array?.compactMap { $0["id"]?.string } ?? []
                    cursor = page["next_cursor"]?.string
                    round += 1
                } while cursor != nil && round < 10
                #expect(pagedCollections == collections)
                #expect(collections.count == 7)
            }
        }

        /// Emoji and accents round trip; a NUL is a control character, refused since issue #13
        /// (docs/API.md, "Conventions") with the field named.
        @Test func textWithEmojiRoundTripsAndANULIsRefused() async throws {
            try await StudioTestServer.with { s in
                let name = "ab 🎹 é"
                let created = try await s.send("POST", "\(s.p())/collections", json: ["name": .string(name)], auth: s.userA.auth)
                #expect(created.status == 201)
                let id = try #require(created["id"]?.string)
                #expect(try await s.send("GET", "\(s.p())/collections/\(id)", auth: s.userA.auth)["name"]?.string == name)
                let refused = try await s.send("POST", "\(s.p())/collections", json: ["name": .string("a\u{0}b")], auth: s.userA.auth)
                #expect(refused.status == 422)
                #expect(refused["error"]?["param"]?.string == "name")
            }
        }

        @Test func quotaCountsJobsStillQueued() async throws {
            try await StudioTestServer.with(monthlyQuotaSeconds: 3) { s in
                let first = try await s.createGeneration(s.userA, prompt: "one", duration: 2)
                let second = try await s.createGeneration(s.userA, prompt: "two", duration: 2)
                #expect(first["status"] == "queued")
                #expect(second["status"] == "refused")
                #expect(second["refusal"]?["code"] == "quota_exceeded")
            }
        }

        @Test func concurrentSubmissionsDoNotPassTheQuotaTogether() async throws {
            try await StudioTestServer.with(monthlyQuotaSeconds: 3) { s in
                let statuses = try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<12 {
                        group.addTask {
                            let body = Array(#"{"engine_key": "pulse-1", "prompt": "burst \#(index)", "duration_seconds": 2}"#.utf8)
                            let raw = try await s.sendFresh(StudioTestServer.requestBytes("POST", "\(s.p())/generations", body: body,
                                                                                          auth: s.userA.auth))
                            return APIResponse(raw: raw)["status"]?.string ?? "?"
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == "queued" }.count == 1, "\(statuses)")
                #expect(statuses.filter { $0 == "refused" }.count == 11, "\(statuses)")
            }
        }

        @Test func quotaResetsAtTheStartOfNextMonthUTC() async throws {
            try await StudioTestServer.with { s in
                let usage = try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "UTC")!
                let start = calendar.date(from: calendar.dateComponents([.year, .month], from: Date()))!
                let next = calendar.date(byAdding: .month, value: 1, to: start)!
                #expect(usage["quota"]?["resets_at"]?.string.flatMap(Timestamp.parse) == next)
            }
        }

        @Test func deletingASharedCollectionOrItsTrackUpdatesThePublicSite() async throws {
            try await StudioTestServer.with { s in
                let one = try await s.makeTrack(s.userA, prompt: "one")
                let two = try await s.makeTrack(s.userA, prompt: "two")
                let id = try #require(try await s.send("POST", "\(s.p())/collections", json: ["name": "Shared"], auth: s.userA.auth)["id"]?.string)
                for track in [one, two] {
                    _ = try await s.send("POST", "\(s.p())/collections/\(id)/tracks", json: ["track_id": .string(track)], auth: s.userA.auth)
                }
                let token = try #require(try await s.send("POST", "\(s.p())/collections/\(id)/share", auth: s.userA.auth)["token"]?.string)
                let mirror = s.configuration.outputDirectory.appendingPathComponent("v1/music/shares/\(token)/index.json")
                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(one)", auth: s.userA.auth).status == 204)
                let live = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(live["collection"]?["tracks"]?.array?.compactMap { $0["id"]?.string } == [two])
                let published = try JSONValue.parse(Data(contentsOf: mirror))
                #expect(published["collection"]?["tracks"]?.array?.compactMap { $0["id"]?.string } == [two])
                #expect(try await s.send("DELETE", "\(s.p())/collections/\(id)", auth: s.userA.auth).status == 204)
                #expect(try await s.send("GET", "/v1/music/shares/\(token)").status == 410)
                #expect(!FileManager.default.fileExists(atPath: s.configuration.outputDirectory.appendingPathComponent("s/\(token)").path))
                #expect(!FileManager.default.fileExists(atPath: mirror.path))
            }
        }

        @Test func headOnAnAPIRouteAndManyConnectionsAtOnce() async throws {
            try await StudioTestServer.with { s in
                let head = try await s.send("HEAD", "\(s.p())/engines", auth: s.userA.auth)
                #expect(head.status == 200)
                #expect(head.raw.body.isEmpty)
                let job = try await s.createGeneration(s.userA, duration: 30)
                let results = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<24 {
                        group.addTask {
                            let response = try await s.sendFresh(StudioTestServer.requestBytes("GET", "\(s.p())/generations", auth: s.userA.auth))
                            return response.status
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(results == Array(repeating: 200, count: 24))
                // Concurrent writes, and concurrent retries with one Idempotency-Key: one job.
                let key = "concurrent-\(UUID().uuidString)"
                let created = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                    for index in 0..<16 {
                        group.addTask {
                            let bytes = index.isMultiple(of: 2)
                                ? StudioTestServer.requestBytes("POST", "\(s.p())/collections", body: Array(#"{"name": "c"}"#.utf8), auth: s.userA.auth)
                                : StudioTestServer.requestBytes("POST", "\(s.p())/generations",
                                                                body: Array(#"{"engine_key": "pulse-1", "prompt": "same", "duration_seconds": 5000}"#.utf8),
                                                                auth: s.userA.auth, headers: [("Idempotency-Key", key)])
                            let response = APIResponse(raw: try await s.sendFresh(bytes))
                            return (response.status, index.isMultiple(of: 2) ? nil : response["id"]?.string)
                        }
                    }
                    return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
                }
                #expect(created.filter { $0.1 == nil }.map(\.0) == Array(repeating: 201, count: 8))
                #expect(created.filter { $0.1 != nil }.map(\.0) == Array(repeating: 202, count: 8))
                #expect(Set(created.compactMap(\.1)).count == 1)
                let refused = try await s.send("GET", "\(s.p())/generations?status=refused", auth: s.userA.auth)
                #expect(refused["data"]?.array?.count == 1)
                _ = try await s.send("POST", "\(s.p())/generations/\(job["id"]?.string ?? "")/cancel", auth: s.userA.auth)
            }
        }
    }
}
