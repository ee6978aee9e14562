import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// CONTRACT §5, share links and their public pages, over real sockets.
    @Suite struct ShareEndpointTests {
        func pageExists(_ s: StudioTestServer, _ token: String) -> Bool {
            FileManager.default.fileExists(atPath: s.configuration.outputDirectory.appendingPathComponent("s/\(token)/index.html").path)
        }

        @Test func shareATrackOpenItSaveItAcrossOrganizationsAndRevokeIt() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA, prompt: "shared techno")
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                #expect(share.status == 201)
                #expect(share["object"] == "share_link")
                #expect(share["target_type"] == "track")
                #expect(share["target_id"]?.string == trackID)
                #expect(share["expires_at"] == .null)
                #expect(share["revoked_at"] == .null)
                let shareID = try #require(share["id"]?.string)
                let token = try #require(share["token"]?.string)
                #expect(shareID.hasPrefix("mslink_"))
                #expect(share["url"]?.string == "\(StudioTestServer.baseURL)/s/\(token)/")
                #expect(pageExists(s, token))
                let page = try await s.send("GET", "/s/\(token)/")
                #expect(page.status == 200)
                #expect(page.text.contains("Shared techno"))

                let opened = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(opened.status == 200)
                #expect(opened["track"]?["id"]?.string == trackID)
                #expect(!opened.text.contains(token) || opened["url"]?.string?.contains(token) == true)
                let media = try #require(opened["track"]?["playback"]?["url"]?.string)
                #expect(try await s.send("GET", StudioTestServer.localPath(media)).status == 200)
                #expect(try await s.send("GET", "/v1/music/shares/mss_\(String(repeating: "x", count: 32))").status == 404)
                #expect(try await s.send("GET", "/v1/music/shares/garbage").status == 404)

                // User C (org 2) saves A's shared track into org 2's library and can then read it there.
                let saved = try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", auth: s.userC.auth)
                #expect(saved.status == 201, "\(saved.text)")
                #expect(saved["track_id"]?.string == trackID)
                let libraryC = try await s.send("GET", "\(s.p(s.org2))/tracks", auth: s.userC.auth)
                #expect(libraryC["data"]?.array?.compactMap { $0["id"]?.string } == [trackID])
                #expect(try await s.send("GET", "\(s.p(s.org2))/tracks/\(trackID)", auth: s.userC.auth).status == 200)
                let wrongTrack = try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", json: ["track_id": "mtrack_other00000000000000000"],
                                                  auth: s.userC.auth)
                #expect(wrongTrack.status == 404)

                let revoked = try await s.send("DELETE", "\(s.p())/shares/\(shareID)", auth: s.userA.auth)
                #expect(revoked.status == 204)
                #expect(try await s.send("GET", "/v1/music/shares/\(token)").status == 410)
                #expect(!pageExists(s, token))
                #expect(try await s.send("GET", "/s/\(token)/").status == 410, "a revoked link's page is gone, not unknown")
                #expect(try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", auth: s.userC.auth).status == 410)
                #expect(try await s.send("DELETE", "\(s.p())/shares/mslink_nope000000000000000000", auth: s.userA.auth).status == 404)
            }
        }

        @Test func shareACollectionWithItsTracksInOrder() async throws {
            try await StudioTestServer.with { s in
                let one = try await s.makeTrack(s.userA, prompt: "one")
                let two = try await s.makeTrack(s.userA, prompt: "two")
                let outside = try await s.makeTrack(s.userA, prompt: "outside")
                let id = try #require(try await s.send("POST", "\(s.p())/collections", json: ["name": "Shared set"], auth: s.userA.auth)["id"]?.string)
                for track in [two, one] {
                    #expect(try await s.send("POST", "\(s.p())/collections/\(id)/tracks", json: ["track_id": .string(track)],
                                             auth: s.userA.auth).status == 201)
                }
                let share = try await s.send("POST", "\(s.p())/collections/\(id)/share", json: [:], auth: s.userA.auth)
                #expect(share.status == 201)
                #expect(share["target_type"] == "collection")
                let token = try #require(share["token"]?.string)
                #expect(share["url"]?.string == "\(StudioTestServer.baseURL)/s/\(token)/")
                #expect(pageExists(s, token))
                let opened = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(opened.status == 200)
                #expect(opened["collection"]?["name"] == "Shared set")
                #expect(opened["collection"]?["tracks"]?.array?.compactMap { $0["id"]?.string } == [two, one])

                let missing = try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", auth: s.userC.auth)
                #expect(missing.status == 422)
                #expect(missing.errorParam == "track_id")
                let notIn = try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", json: ["track_id": .string(outside)],
                                             auth: s.userC.auth)
                #expect(notIn.status == 404)
                #expect(!notIn.text.contains("outside") && !notIn.text.contains("Outside"))
                let saved = try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", json: ["track_id": .string(one)], auth: s.userC.auth)
                #expect(saved.status == 201)
                #expect(try await s.send("GET", "\(s.p(s.org2))/tracks/\(outside)", auth: s.userC.auth).status == 404)

                // The page follows the collection at once.
                #expect(try await s.send("POST", "\(s.p())/collections/\(id)/reorder", json: ["track_ids": .array([.string(one), .string(two)])],
                                         auth: s.userA.auth).status == 200)
                let reordered = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(reordered["collection"]?["tracks"]?.array?.compactMap { $0["id"]?.string } == [one, two])
                let mirror = s.configuration.outputDirectory.appendingPathComponent("v1/music/shares/\(token)/index.json")
                let published = try JSONValue.parse(Data(contentsOf: mirror))
                #expect(published["collection"]?["tracks"]?.array?.compactMap { $0["id"]?.string } == [one, two])

                // Adding and removing show on the next resolve and in public/ at once, too.
                #expect(try await s.send("POST", "\(s.p())/collections/\(id)/tracks", json: ["track_id": .string(outside)],
                                         auth: s.userA.auth).status == 201)
                #expect(try await s.send("DELETE", "\(s.p())/collections/\(id)/tracks/\(two)", auth: s.userA.auth).status == 204)
                let changed = try await s.send("GET", "/v1/music/shares/\(token)")
                let tracks = try #require(changed["collection"]?["tracks"]?.array)
                #expect(tracks.compactMap { $0["id"]?.string } == [one, outside])
                let republished = try JSONValue.parse(Data(contentsOf: mirror))
                #expect(republished["collection"]?["tracks"]?.array?.compactMap { $0["id"]?.string } == [one, outside])
                // Each resolved track carries its playback URL and its licence fields.
                for track in tracks {
                    #expect(track["playback"]?["url"]?.string?.isEmpty == false && track["playback"]?["expires_at"]?.string != nil)
                    #expect(track["licence_class"]?.string != nil && track["commercial_use"] != nil
                            && track["requires_attribution"] != nil && track["attribution"] != nil)
                }
                // A track saved through the link is the same track, not a copy: org 2's library
                // holds A's track id, and A's track is unchanged.
                let libraryC = try await s.send("GET", "\(s.p(s.org2))/tracks", auth: s.userC.auth)
                #expect(libraryC["data"]?.array?.compactMap { $0["id"]?.string } == [one])
                let original = try await s.send("GET", "\(s.p())/tracks/\(one)", auth: s.userA.auth)
                #expect(original.status == 200 && original["id"]?.string == one)
            }
        }

        @Test func anExpiredLinkIsGone() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA)
                let past = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", json: ["expires_at": "2001-01-01T00:00:00Z"],
                                            auth: s.userA.auth)
                #expect(past.status == 422)
                #expect(past.errorParam == "expires_at")
                let soon = Timestamp.rfc3339(Date().addingTimeInterval(2).rounded())
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", json: ["expires_at": .string(soon)],
                                             auth: s.userA.auth)
                #expect(share.status == 201, "\(share.text)")
                #expect(share["expires_at"]?.string != nil)
                let token = try #require(share["token"]?.string)
                #expect(try await s.send("GET", "/v1/music/shares/\(token)").status == 200)
                try await Task.sleep(for: .milliseconds(3200))
                let expired = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(expired.status == 410)
                #expect(expired.isJSONError)
            }
        }
    }
}

extension Date {
    /// Whole seconds, so that an RFC 3339 time without a fraction names it exactly.
    func rounded() -> Date { Date(timeIntervalSince1970: (timeIntervalSince1970 + 1).rounded(.down)) }
}
