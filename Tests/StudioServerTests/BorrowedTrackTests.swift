import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #13 item 3: a track's owner can take it back. A track another organization saved
    /// through a link is readable there only while a link of its own organization still shares
    /// it; a collection shows, shares and publishes only the tracks its owner may still read.
    @Suite struct BorrowedTrackTests {
        /// Org 1's track, saved by C (org 2) through a track link, put in C's collection, which C
        /// shares: (track, A's share id, C's collection id, C's collection token).
        func borrowIntoASharedCollection(_ s: StudioTestServer, prompt: String) async throws -> (String, String, String, String) {
            let track = try await s.makeTrack(s.userA, prompt: prompt)
            let link = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
            let token = try #require(link["token"]?.string), shareID = try #require(link["id"]?.string)
            #expect(try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", auth: s.userC.auth).status == 201)
            let collection = try #require(try await s.send("POST", "\(s.p(s.org2))/collections", json: ["name": "Borrowed"],
                                                           auth: s.userC.auth)["id"]?.string)
            let own = try await s.send("POST", "\(s.p(s.org2))/generations", json: ["engine_key": "pulse-1", "prompt": "c's own beat",
                                                                                   "duration_seconds": 1], auth: s.userC.auth)
            let ownJob = try await s.waitForJob(try #require(own["id"]?.string), s.userC, org: s.org2)
            let ownTrack = try #require(ownJob["track_id"]?.string)
            for id in [track, ownTrack] {
                let added = try await s.send("POST", "\(s.p(s.org2))/collections/\(collection)/tracks", json: ["track_id": .string(id)],
                                             auth: s.userC.auth)
                #expect(added.status == 201, "\(added.text)")
            }
            let shared = try await s.send("POST", "\(s.p(s.org2))/collections/\(collection)/share", auth: s.userC.auth)
            let collectionToken = try #require(shared["token"]?.string)
            let resolved = try await s.send("GET", "/v1/music/shares/\(collectionToken)")
            #expect(resolved["collection"]?["tracks"]?.array?.count == 2)
            return (track, shareID, collection, collectionToken)
        }

        func publishedText(_ s: StudioTestServer, _ token: String) throws -> String {
            let base = s.configuration.outputDirectory
            let files = ["s/\(token)/index.html", "s/\(token)/playlist.m3u", "v1/music/shares/\(token)/index.json"]
            return try files.map { try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        }

        func publishedAudio(_ s: StudioTestServer, _ token: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: s.configuration.outputDirectory.appendingPathComponent("s/\(token)").path)
                .filter { !$0.hasSuffix(".html") && !$0.hasSuffix(".m3u") && !$0.hasSuffix(".png") && $0 != "oembed.json" && $0 != "embed" }
        }

        @Test func revokingATrackLinkTakesItOutOfAnotherOrganizationsSharedCollection() async throws {
            try await StudioTestServer.with { s in
                let (track, shareID, collection, token) = try await borrowIntoASharedCollection(s, prompt: "owner's secret melody")
                #expect(try publishedText(s, token).contains("Owner's secret melody"))
                #expect(try publishedAudio(s, token).count == 2)

                #expect(try await s.send("DELETE", "\(s.p())/shares/\(shareID)", auth: s.userA.auth).status == 204)

                // The live resolve, the page, its mirror and playlist, and the audio beside them.
                let resolved = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(resolved.status == 200)
                #expect(resolved["collection"]?["tracks"]?.array?.compactMap { $0["id"]?.string }.contains(track) == false)
                #expect(resolved["collection"]?["track_count"] == 1)
                #expect(!resolved.text.contains("secret melody") && !resolved.text.contains(track))
                let published = try publishedText(s, token)
                #expect(!published.contains("secret melody") && !published.contains(track), "public/ still names the revoked track")
                #expect(try publishedAudio(s, token).count == 1, "the revoked track's audio is still beside the page")
                // Nor can anyone save it through C's link.
                let resave = try await s.send("POST", "\(s.p(s.org2))/shares/\(token)/save", json: ["track_id": .string(track)],
                                              auth: s.userC.auth)
                #expect(resave.status == 404)

                // C's own view: the collection lists it as unavailable (no title, no audio), the
                // library too; the track itself is no longer readable, but can be unsaved.
                let items = try #require(try await s.send("GET", "\(s.p(s.org2))/collections/\(collection)/tracks",
                                                          auth: s.userC.auth)["data"]?.array)
                #expect(items.count == 2)
                let gone = try #require(items.first { $0["id"]?.string == track })
                #expect(gone["available"] == false && gone["title"] == nil && gone["playback"] == nil && gone["position"] == 1)
                #expect(items.first { $0["id"]?.string != track }?["available"] == true)
                let library = try await s.send("GET", "\(s.p(s.org2))/tracks", auth: s.userC.auth)
                let entry = try #require(library["data"]?.array?.first { $0["id"]?.string == track })
                #expect(entry["available"] == false && entry["title"] == nil && entry["playback"] == nil)
                #expect(!library.text.contains("secret melody"))
                #expect(try await s.send("GET", "\(s.p(s.org2))/tracks/\(track)", auth: s.userC.auth).status == 404)
                let readd = try await s.send("POST", "\(s.p(s.org2))/collections/\(collection)/tracks", json: ["track_id": .string(track)],
                                             auth: s.userC.auth)
                #expect(readd.status == 404 || readd.status == 409)
                #expect(try await s.send("DELETE", "\(s.p(s.org2))/tracks/\(track)/save", auth: s.userC.auth).status == 204)
                // The owner still has it, whole.
                #expect(try await s.send("GET", "\(s.p())/tracks/\(track)", auth: s.userA.auth)["title"]?.string != nil)
            }
        }

        @Test func anUnsavedBorrowedTrackGetsNoSignedURLsInTheCollection() async throws {
            try await StudioTestServer.with { s in
                let (track, _, collection, token) = try await borrowIntoASharedCollection(s, prompt: "borrowed then unsaved")
                #expect(try await s.send("DELETE", "\(s.p(s.org2))/tracks/\(track)/save", auth: s.userC.auth).status == 204)
                let items = try #require(try await s.send("GET", "\(s.p(s.org2))/collections/\(collection)/tracks",
                                                          auth: s.userC.auth)["data"]?.array)
                let gone = try #require(items.first { $0["id"]?.string == track })
                #expect(gone["available"] == false && gone["playback"] == nil && gone["formats"] == nil)
                let resolved = try await s.send("GET", "/v1/music/shares/\(token)")
                #expect(resolved["collection"]?["tracks"]?.array?.count == 1)
                #expect(!(try publishedText(s, token)).contains("unsaved"))
            }
        }
    }
}
