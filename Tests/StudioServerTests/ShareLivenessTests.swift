import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #13 item 2: `studio serve` serves no file of a share that is no longer live — page,
    /// JSON mirror, audio — whatever is still on disk, and removes the files when the link expires.
    @Suite struct ShareLivenessTests {
        /// The four kinds of public path a track share has: page, mirror (two spellings), audio.
        func publicPaths(_ s: StudioTestServer, token: String) async throws -> [String] {
            let mirror = try await s.send("GET", "/v1/music/shares/\(token)/index.json")
            #expect(mirror.status == 200, "\(mirror.text)")
            let audio = try #require(mirror["track"]?["playback"]?["url"]?.string)
            return ["/s/\(token)/", "/s/\(token)/index.html", "/v1/music/shares/\(token)/", "/v1/music/shares/\(token)/index.json",
                    StudioTestServer.localPath(audio)]
        }

        func shareDirectories(_ s: StudioTestServer, _ token: String) -> [URL] {
            ["s/\(token)", "v1/music/shares/\(token)"].map { s.configuration.outputDirectory.appendingPathComponent($0) }
        }

        @Test func anExpiredShareServesNothingTheMomentItExpires() async throws {
            let clock = MovableClock()
            try await StudioTestServer.with(clock: { clock.now }) { s in
                let track = try await s.makeTrack(s.userA, prompt: "expiring techno")
                let expires = Timestamp.rfc3339(clock.now.addingTimeInterval(120).rounded())
                let share = try await s.send("POST", "\(s.p())/tracks/\(track)/share", json: ["expires_at": .string(expires)],
                                             auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                let paths = try await publicPaths(s, token: token)
                for path in paths {
                    #expect(try await s.send("GET", path).status == 200, "\(path) while live")
                }
                // The page and its mirror say when the link ends.
                let page = try await s.send("GET", "/s/\(token)/")
                #expect(page.text.contains("<meta name=\"share:expires_at\" content=\"\(expires)\">"), "\(page.text.prefix(1200))")
                #expect(try await s.send("GET", "/v1/music/shares/\(token)/index.json")["expires_at"]?.string == expires)

                clock.advance(seconds: 121)
                // The files are still on disk (no timer has run on this moved clock) and none is served.
                #expect(shareDirectories(s, token).allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
                for path in paths {
                    let response = try await s.send("GET", path)
                    #expect(response.status == 410, "\(path) after expiry: \(response.status)")
                    #expect(!response.text.contains("Expiring techno"), "\(path) leaks the title")
                    if path.hasPrefix("/v1/") {
                        #expect(response.isJSONError && response.errorCode == "share_expired", "\(path): \(response.text)")
                    }
                }
                let html = try await s.send("GET", "/s/\(token)/")
                #expect(html.headers["Content-Type"]?.hasPrefix("text/html") == true)
                #expect(html.text.contains("expired"))
                #expect(try await s.send("HEAD", "/s/\(token)/").status == 410)
                #expect(try await s.send("GET", "/s/\(token)").status == 410, "not even a redirect to the page")
                // A token nothing was ever shared under is a plain 404.
                #expect(try await s.send("GET", "/s/mss_\(String(repeating: "x", count: 32))/").status == 404)
            }
        }

        @Test func aShareRevokedBehindTheServersBackServesNothing() async throws {
            try await StudioTestServer.with { s in
                let track = try await s.makeTrack(s.userA, prompt: "revoked elsewhere")
                let share = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string), id = try #require(share["id"]?.string)
                let paths = try await publicPaths(s, token: token)
                // Another process (a `studio build` that dropped the share) revokes it in the state;
                // this server has not republished, so its files are still there.
                try s.store.revokeShare(id: id)
                for path in paths {
                    let response = try await s.send("GET", path)
                    #expect(response.status == 410, "\(path) after revocation: \(response.status)")
                }
                let html = try await s.send("GET", "/s/\(token)/")
                #expect(html.text.contains("revoked") && html.headers["Content-Type"]?.hasPrefix("text/html") == true)
                #expect(try await s.send("GET", "/v1/music/shares/\(token)/index.json").errorCode == "share_revoked")
            }
        }

        @Test func anExpiredSharesFilesAreRemovedWhenItExpires() async throws {
            try await StudioTestServer.with { s in
                let track = try await s.makeTrack(s.userA)
                let soon = Timestamp.rfc3339(Date().addingTimeInterval(2).rounded())
                let share = try await s.send("POST", "\(s.p())/tracks/\(track)/share", json: ["expires_at": .string(soon)],
                                             auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                let later = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
                let keptToken = try #require(later["token"]?.string)
                #expect(shareDirectories(s, token).allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
                // No request in between: the server's own timer removes them.
                let deadline = Date().addingTimeInterval(8)
                while Date() < deadline, shareDirectories(s, token).contains(where: { FileManager.default.fileExists(atPath: $0.path) }) {
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(shareDirectories(s, token).allSatisfy { !FileManager.default.fileExists(atPath: $0.path) },
                        "an expired share's files are removed at its expiry")
                #expect(shareDirectories(s, keptToken).allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
            }
        }
    }
}
