import Foundation
import StudioCore
@testable import StudioServer
import Testing

extension LiveServerTests {
    /// CONTRACT §5, engines and generation jobs, over real sockets.
    @Suite struct GenerationEndpointTests {
        @Test func enginesListEveryEngineWithTheContractFields() async throws {
            try await StudioTestServer.with { s in
                let response = try await s.send("GET", "\(s.p())/engines", auth: s.userA.auth)
                #expect(response.status == 200)
                #expect(response["object"] == "list")
                let engines = try #require(response["data"]?.array)
                #expect(!engines.isEmpty)
                let fields = ["engine_key", "name", "description", "max_duration_seconds", "vocals", "stems", "languages",
                              "licence_class", "commercial_use", "requires_attribution", "attribution", "formats", "sample_rate",
                              "enabled"]
                for engine in engines {
                    for field in fields { #expect(engine[field] != nil, "engine lacks \(field)") }
                }
                #expect(engines.contains { $0["engine_key"] == "pulse-1" && $0["enabled"] == true })
            }
        }

        @Test func aGenerationIsQueuedThenSucceedsWithATrack() async throws {
            try await StudioTestServer.with { s in
                let created = try await s.createGeneration(s.userA, params: ["bpm": 120, "key": "A minor", "seed": 7, "format": "flac"])
                #expect(created.status == 202)
                #expect(created["object"] == "generation")
                #expect(created["status"] == "queued")
                #expect(created["track_id"] == .null)
                #expect(created["refusal"] == .null)
                #expect(created["params"]?["bpm"] == 120)
                let id = try #require(created["id"]?.string)
                #expect(id.hasPrefix("mgen_"))
                let job = try await s.waitForJob(id, s.userA)
                #expect(job["status"] == "succeeded")
                #expect(job["progress"] == 1)
                #expect(job["track_id"]?.string?.hasPrefix("mtrack_") == true)
                #expect(job["started_at"]?.string != nil)
                #expect(job["finished_at"]?.string != nil)
                // The member B of the same organization reads it too (jobs belong to the organization).
                let asB = try await s.send("GET", "\(s.p())/generations/\(id)", auth: s.userB.auth)
                #expect(asB.status == 200)
                let track = try await s.send("GET", "\(s.p())/tracks/\(job["track_id"]!.string!)", auth: s.userA.auth)
                #expect(track.status == 200)
                #expect(track["format"] == "flac")
                #expect(track["duration_seconds"]?.number.map { abs($0 - 1) < 0.05 } == true)
            }
        }

        @Test func wellFormedRequestsAnEngineWillNotPerformAreRefused() async throws {
            try await StudioTestServer.with { s in
                func refusal(duration: Double = 1, params: JSONValue? = nil) async throws -> String? {
                    let response = try await s.createGeneration(s.userA, duration: duration, params: params)
                    #expect(response.status == 202, "\(response.text)")
                    #expect(response["status"] == "refused")
                    #expect(response["finished_at"]?.string != nil)
                    #expect(response["refusal"]?["message"]?.string != nil)
                    return response["refusal"]?["code"]?.string
                }
                #expect(try await refusal(duration: 1801) == "duration_exceeds_engine_limit")
                #expect(try await refusal(params: ["instrumental": false]) == "vocals_not_supported")
                #expect(try await refusal(params: ["lyrics": "la la la"]) == "vocals_not_supported")
                #expect(try await refusal(params: ["language": "fr"]) == "language_not_supported")
                // Every engine of the catalogue renders stems today, so no request reaches
                // `stems_not_supported` through the live catalogue; what the catalogue promises is
                // checked instead: an engine that says `stems: true` delivers exactly its
                // `stem_names` (see `engineStemsAreWhatTheCatalogueSays`), and the refusal itself is
                // checked on an engine descriptor without stems below.
                var stemless = try #require(s.app.api.engines().first { $0.engineKey == "pulse-1" })
                stemless.stems = false
                var stemsParams = GenerationParams()
                stemsParams.stems = true
                let stemsRefusal = try s.app.api.refusal(engine: stemless, duration: 1, params: stemsParams, organizationID: s.org1)
                #expect(stemsRefusal?.code == "stems_not_supported")
                #expect(try s.app.api.refusal(engine: stemless, duration: 1, params: GenerationParams(), organizationID: s.org1) == nil)
                // Refused jobs render nothing and are listed as refused.
                let refused = try await s.send("GET", "\(s.p())/generations?status=refused", auth: s.userA.auth)
                #expect(refused["data"]?.array?.count == 4)
            }
        }

        /// What `GET …/engines` says about stems is what a generation delivers: for every enabled
        /// engine that lists stems, asking for them gives a track with exactly those stems, each
        /// one audio; an engine without stems would be refused with `stems_not_supported`.
        @Test func engineStemsAreWhatTheCatalogueSays() async throws {
            try await StudioTestServer.with { s in
                let engines = try await s.send("GET", "\(s.p())/engines", auth: s.userA.auth)["data"]?.array ?? []
                #expect(!engines.isEmpty)
                for engine in engines where engine["enabled"] == true {
                    let key = try #require(engine["engine_key"]?.string)
                    let created = try await s.send("POST", "\(s.p())/generations", json: [
                        "engine_key": .string(key), "prompt": "stems check", "duration_seconds": 1, "params": ["stems": true],
                    ], auth: s.userA.auth)
                    #expect(created.status == 202)
                    guard engine["stems"] == true else {
                        #expect(created["refusal"]?["code"] == "stems_not_supported", "\(key)")
                        continue
                    }
                    let names = engine["stem_names"]?.array?.compactMap { $0.string } ?? []
                    #expect(!names.isEmpty, "\(key) says it renders stems but names none")
                    let job = try await s.waitForJob(try #require(created["id"]?.string), s.userA)
                    #expect(job["status"] == "succeeded", "\(key): \(job.serialized())")
                    let trackID = try #require(job["track_id"]?.string)
                    let track = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)
                    let stems = track["stems"]?.array ?? []
                    #expect(Set(stems.compactMap { $0["name"]?.string }) == Set(names) && stems.count == names.count, "\(key): \(track.text)")
                    for stem in stems {
                        let audio = try await s.send("GET", StudioTestServer.localPath(try #require(stem["url"]?.string)))
                        #expect(audio.status == 200 && audio.raw.body.count > 1000, "\(key) stem \(stem["name"]?.string ?? "?")")
                    }
                }
            }
        }

        @Test func theMonthlyQuotaRefusesWhatWouldPassIt() async throws {
            try await StudioTestServer.with(monthlyQuotaSeconds: 3) { s in
                let first = try await s.createGeneration(s.userA, duration: 2)
                #expect(first["status"] == "queued")
                let job = try await s.waitForJob(try #require(first["id"]?.string), s.userA)
                #expect(job["status"] == "succeeded")
                let second = try await s.createGeneration(s.userA, duration: 2)
                #expect(second.status == 202)
                #expect(second["status"] == "refused")
                #expect(second["refusal"]?["code"] == "quota_exceeded")
                // Another organization's quota is its own.
                let other = try await s.createGeneration(s.userC, org: s.org2, duration: 2)
                #expect(other["status"] == "queued")
            }
        }

        @Test func idempotencyKeyReturnsTheSameJobOrConflicts() async throws {
            try await StudioTestServer.with { s in
                let key = [("Idempotency-Key", "retry-\(UUID().uuidString)")]
                let first = try await s.createGeneration(s.userA, duration: 1801, headers: key)
                let again = try await s.createGeneration(s.userA, duration: 1801, headers: key)
                #expect(first.status == 202)
                #expect(again.status == 202)
                #expect(first["id"] != nil && first["id"] == again["id"])
                let different = try await s.createGeneration(s.userA, duration: 1700, headers: key)
                #expect(different.status == 409)
                #expect(different.isJSONError)
                let list = try await s.send("GET", "\(s.p())/generations", auth: s.userA.auth)
                #expect(list["data"]?.array?.count == 1)
            }
        }

        @Test func generationsAreListedNewestFirstAndPageStably() async throws {
            try await StudioTestServer.with { s in
                var created: [String] = []
                for index in 0..<7 {
                    // Refused jobs (over the engine's limit) are made at once and never render.
                    let response = try await s.createGeneration(s.userA, prompt: "job \(index)", duration: 1801)
                    created.append(try #require(response["id"]?.string))
                    try await Task.sleep(for: .milliseconds(3))
                }
                let queued = try await s.createGeneration(s.userA, prompt: "real one", duration: 1)
                created.append(try #require(queued["id"]?.string))
                let all = try await s.send("GET", "\(s.p())/generations?limit=100", auth: s.userA.auth)
                #expect(all.status == 200)
                #expect(all["has_more"] == false)
                #expect(all["next_cursor"] == .null)
                let ids = all["data"]?.array?.compactMap { $0["id"]?.string } ?? []
                #expect(ids == created.reversed())
                let times = all["data"]?.array?.compactMap { $0["created_at"]?.string } ?? []
                #expect(times == times.sorted(by: >))
                // Pages of 3 chain to the same list, with no duplicate and no gap.
                var paged: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let query = "limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try await s.send("GET", "\(s.p())/generations?\(query)", auth: s.userA.auth)
                    #expect(page.status == 200)
                    let data = page["data"]?.array ?? []
                    #expect(data.count <= 3)
                    paged += data.compactMap { $0["id"]?.string }
                    cursor = page["next_cursor"]?.string
                    #expect(page["has_more"]?.bool == (cursor != nil))
                    pages += 1
                } while cursor != nil && pages < 10
                #expect(paged == ids)
                #expect(pages == 3)
                let refused = try await s.send("GET", "\(s.p())/generations?status=refused&limit=100", auth: s.userA.auth)
                #expect(refused["data"]?.array?.compactMap { $0["id"]?.string } == Array(created.dropLast().reversed()))
                let badStatus = try await s.send("GET", "\(s.p())/generations?status=done", auth: s.userA.auth)
                #expect(badStatus.status == 400)
                #expect(badStatus.errorParam == "status")
                // Org 2 sees none of org 1's jobs.
                let other = try await s.send("GET", "\(s.p(s.org2))/generations", auth: s.userC.auth)
                #expect(other["data"]?.array?.isEmpty == true)
                let notFound = try await s.send("GET", "\(s.p())/generations/mgen_doesnotexist000000000000", auth: s.userA.auth)
                #expect(notFound.status == 404)
            }
        }

        @Test func cancelStopsAQueuedJobAndConflictsOnceItEnded() async throws {
            try await StudioTestServer.with { s in
                // One worker: a long render keeps the second job queued while we cancel it.
                let long = try await s.createGeneration(s.userA, prompt: "long", duration: 600)
                let queued = try await s.createGeneration(s.userA, prompt: "to cancel", duration: 1)
                let longID = try #require(long["id"]?.string)
                let queuedID = try #require(queued["id"]?.string)
                for id in [queuedID, longID] {
                    let cancelled = try await s.send("POST", "\(s.p())/generations/\(id)/cancel", auth: s.userA.auth)
                    #expect(cancelled.status == 200, "\(cancelled.text)")
                    #expect(cancelled["status"] == "cancelled")
                }
                let longJob = try await s.waitForJob(longID, s.userA)
                #expect(longJob["status"] == "cancelled")
                #expect(longJob["track_id"] == .null)
                // Cancelling a cancelled job again is harmless: 200 with the same job (409 is for jobs that ended otherwise).
                let again = try await s.send("POST", "\(s.p())/generations/\(queuedID)/cancel", auth: s.userA.auth)
                #expect(again.status == 200)
                #expect(again["status"] == "cancelled")
                // A job that succeeded cannot be cancelled.
                let done = try await s.createGeneration(s.userA, prompt: "done", duration: 1)
                let doneID = try #require(done["id"]?.string)
                #expect(try await s.waitForJob(doneID, s.userA)["status"] == "succeeded")
                let late = try await s.send("POST", "\(s.p())/generations/\(doneID)/cancel", auth: s.userA.auth)
                #expect(late.status == 409)
                #expect(late.isJSONError)
                let still = try await s.send("GET", "\(s.p())/generations/\(doneID)", auth: s.userA.auth)
                #expect(still["status"] == "succeeded")
            }
        }
    }
}
