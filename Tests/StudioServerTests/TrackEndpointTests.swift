import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// CONTRACT §5, tracks, the library and signed media, over real sockets.
    @Suite struct TrackEndpointTests {
        @Test func aTrackHasSignedURLsThatServeRangesAndRefuseTampering() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA, duration: 2)
                let track = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)
                #expect(track.status == 200)
                #expect(track["id"]?.string == trackID)
                #expect(track["saved"] == false)
                let url = try #require(track["playback"]?["url"]?.string)
                #expect(url.hasPrefix(StudioTestServer.baseURL + "/media/"))
                #expect(track["playback"]?["expires_at"]?.string != nil)
                let path = StudioTestServer.localPath(url)
                let whole = try await s.send("GET", path)
                #expect(whole.status == 200)
                let size = whole.raw.body.count
                #expect(size > 1000)
                #expect(track["size_bytes"]?.number == Double(size))
                let etag = try #require(whole.headers["ETag"])

                let first = try await s.send("GET", path, headers: [("Range", "bytes=0-99")])
                #expect(first.status == 206)
                #expect(first.raw.body == Array(whole.raw.body[0..<100]))
                #expect(first.headers["Content-Range"] == "bytes 0-99/\(size)")
                let suffix = try await s.send("GET", path, headers: [("Range", "bytes=-100")])
                #expect(suffix.status == 206)
                #expect(suffix.raw.body == Array(whole.raw.body[(size - 100)...]))
                let tail = try await s.send("GET", path, headers: [("Range", "bytes=100-")])
                #expect(tail.status == 206)
                #expect(tail.raw.body == Array(whole.raw.body[100...]))
                let unsatisfiable = try await s.send("GET", path, headers: [("Range", "bytes=\(size + 10)-")])
                #expect(unsatisfiable.status == 416)
                #expect(unsatisfiable.headers["Content-Range"] == "bytes */\(size)")
                let cached = try await s.send("GET", path, headers: [("If-None-Match", etag)])
                #expect(cached.status == 304)

                // A tampered signature, a tampered expiry, another file, no signature, an expired URL: 403.
                let tampered = path.replacingOccurrences(of: "signature=", with: "signature=A")
                let later = path.replacingOccurrences(of: "expires=", with: "expires=9")
                let expired = String(path.prefix { $0 != "?" }) + "?expires=1000&signature=" + (path.components(separatedBy: "signature=").last ?? "")
                let unsigned = String(path.prefix { $0 != "?" })
                for bad in [tampered, later, expired, unsigned] {
                    let response = try await s.send("GET", bad)
                    #expect(response.status == 403, "\(bad)")
                    #expect(response.isJSONError)
                }
                // Every GET mints new URLs that fetch.
                let again = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userB.auth)
                let second = try #require(again["playback"]?["url"]?.string)
                #expect(try await s.send("GET", StudioTestServer.localPath(second)).status == 200)
            }
        }

        @Test func signedURLsExpireAfterTheirTTL() async throws {
            // Expiries are whole seconds (rounded down), so a 2 s TTL leaves at least 1 s for the first fetch.
            try await StudioTestServer.with(mediaTTL: 2) { s in
                let trackID = try await s.makeTrack(s.userA)
                let track = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)
                let path = StudioTestServer.localPath(try #require(track["playback"]?["url"]?.string))
                #expect(try await s.send("GET", path).status == 200)
                try await Task.sleep(for: .milliseconds(3300))
                let late = try await s.send("GET", path)
                #expect(late.status == 403)
            }
        }

        @Test func saveListUnsaveAndDelete() async throws {
            try await StudioTestServer.with { s in
                let first = try await s.makeTrack(s.userA, prompt: "first")
                let second = try await s.makeTrack(s.userA, prompt: "second")
                let saved = try await s.send("POST", "\(s.p())/tracks/\(first)/save", auth: s.userA.auth)
                #expect(saved.status == 201)
                #expect(saved["object"] == "library_entry")
                #expect(saved["id"]?.string?.hasPrefix("mlib_") == true)
                #expect(saved["track_id"]?.string == first)
                let again = try await s.send("POST", "\(s.p())/tracks/\(first)/save", auth: s.userA.auth)
                #expect(again.status == 200)
                #expect(again["id"] == saved["id"])
                try await Task.sleep(for: .milliseconds(5))
                #expect(try await s.send("POST", "\(s.p())/tracks/\(second)/save", auth: s.userA.auth).status == 201)
                let library = try await s.send("GET", "\(s.p())/tracks", auth: s.userA.auth)
                #expect(library.status == 200)
                #expect(library["data"]?.array?.compactMap { $0["id"]?.string } == [second, first])
                #expect(library["data"]?[0]?["saved"] == true)
                #expect(library["data"]?[0]?["saved_at"]?.string != nil)
                let paged = try await s.send("GET", "\(s.p())/tracks?limit=1", auth: s.userA.auth)
                #expect(paged["has_more"] == true)
                let cursor = try #require(paged["next_cursor"]?.string)
                let rest = try await s.send("GET", "\(s.p())/tracks?limit=1&cursor=\(cursor)", auth: s.userA.auth)
                #expect(rest["data"]?.array?.compactMap { $0["id"]?.string } == [first])
                #expect(rest["has_more"] == false)
                // B's library is B's own.
                let libraryB = try await s.send("GET", "\(s.p())/tracks", auth: s.userB.auth)
                #expect(libraryB["data"]?.array?.isEmpty == true)

                let unsave = try await s.send("DELETE", "\(s.p())/tracks/\(second)/save", auth: s.userA.auth)
                #expect(unsave.status == 204)
                #expect(try await s.send("GET", "\(s.p())/tracks/\(second)", auth: s.userA.auth).status == 200)
                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(second)/save", auth: s.userA.auth).status == 404)

                // Delete: gone from the library, collections, its share answers 410, its audio is gone.
                let collection = try await s.send("POST", "\(s.p())/collections", json: ["name": "Mix"], auth: s.userA.auth)
                let collectionID = try #require(collection["id"]?.string)
                #expect(try await s.send("POST", "\(s.p())/collections/\(collectionID)/tracks", json: ["track_id": .string(first)],
                                         auth: s.userA.auth).status == 201)
                let share = try await s.send("POST", "\(s.p())/tracks/\(first)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                let media = try await s.send("GET", "\(s.p())/tracks/\(first)", auth: s.userA.auth)["playback"]?["url"]?.string
                let deleted = try await s.send("DELETE", "\(s.p())/tracks/\(first)", auth: s.userA.auth)
                #expect(deleted.status == 204)
                #expect(try await s.send("GET", "\(s.p())/tracks/\(first)", auth: s.userA.auth).status == 404)
                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(first)", auth: s.userA.auth).status == 404)
                let after = try await s.send("GET", "\(s.p())/tracks", auth: s.userA.auth)
                #expect(after["data"]?.array?.isEmpty == true)
                let members = try await s.send("GET", "\(s.p())/collections/\(collectionID)/tracks", auth: s.userA.auth)
                #expect(members["data"]?.array?.isEmpty == true)
                #expect(try await s.send("GET", "\(s.p())/collections/\(collectionID)", auth: s.userA.auth)["track_count"] == 0)
                #expect(try await s.send("GET", "/v1/music/shares/\(token)").status == 410)
                #expect(!FileManager.default.fileExists(atPath: s.configuration.outputDirectory.appendingPathComponent("s/\(token)").path))
                if let media { #expect(try await s.send("GET", StudioTestServer.localPath(media)).status == 404) }
            }
        }
    }
}
