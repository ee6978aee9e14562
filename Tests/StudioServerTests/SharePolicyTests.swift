import Foundation
import StudioAPI
import StudioCore
import StudioStore
import Testing

extension LiveServerTests {
    /// Issue #13 item 10, the share parts: who may share and revoke what, a playlist that a
    /// title cannot inject into, and a revoke that broken templates do not hold back.
    @Suite struct SharePolicyTests {
        @Test func aMemberSharesOnlyTracksTheyCreatedAndOwnersShareAny() async throws {
            try await StudioTestServer.with { s in
                let byA = try await s.makeTrack(s.userA, prompt: "the owner's track")
                let byB = try await s.makeTrack(s.userB, prompt: "the member's track")
                let refused = try await s.send("POST", "\(s.p())/tracks/\(byA)/share", auth: s.userB.auth)
                #expect(refused.status == 403 && refused.isJSONError, "\(refused.text)")
                #expect(try await s.send("POST", "\(s.p())/tracks/\(byB)/share", auth: s.userB.auth).status == 201)
                #expect(try await s.send("POST", "\(s.p())/tracks/\(byB)/share", auth: s.userA.auth).status == 201)
            }
        }

        @Test func aMemberRevokingAnotherMembersCollectionShareGets404() async throws {
            try await StudioTestServer.with { s in
                let collection = try #require(try await s.send("POST", "\(s.p())/collections", json: ["name": "B's mix"],
                                                               auth: s.userB.auth)["id"]?.string)
                let share = try await s.send("POST", "\(s.p())/collections/\(collection)/share", auth: s.userB.auth)
                let id = try #require(share["id"]?.string)
                // C is not a member (403 for the organization); B's teammate is a member but not
                // the owner: the link of a collection they cannot see does not exist for them.
                let third = try TestUser.member(s, "d@example.test")
                let hidden = try await s.send("DELETE", "\(s.p())/shares/\(id)", auth: third.auth)
                #expect(hidden.status == 404 && !hidden.text.contains(collection), "\(hidden.text)")
                #expect(try await s.send("GET", "/v1/music/shares/\(try #require(share["token"]?.string))").status == 200)
                // An organization owner may revoke any of its links.
                #expect(try await s.send("DELETE", "\(s.p())/shares/\(id)", auth: s.userA.auth).status == 204)
            }
        }

        @Test func aTitleCannotInjectALineIntoTheCollectionPlaylist() async throws {
            try await StudioTestServer.with { s in
                let track = try await s.makeTrack(s.userA, prompt: "clean title")
                // A title from an older state, before the API refused control characters.
                var stored = try #require(try s.store.track(id: track))
                stored.title = "Evil\r\nhttp://evil.example/x.mp3\u{85}#EXTINF:1,more\u{2028}end\u{0}"
                try s.store.saveTrack(stored)
                let collection = try #require(try await s.send("POST", "\(s.p())/collections", json: ["name": "Playlist"],
                                                               auth: s.userA.auth)["id"]?.string)
                #expect(try await s.send("POST", "\(s.p())/collections/\(collection)/tracks", json: ["track_id": .string(track)],
                                         auth: s.userA.auth).status == 201)
                let token = try #require(try await s.send("POST", "\(s.p())/collections/\(collection)/share",
                                                          auth: s.userA.auth)["token"]?.string)
                let playlist = try String(contentsOf: s.configuration.outputDirectory.appendingPathComponent("s/\(token)/playlist.m3u"),
                                          encoding: .utf8)
                let lines = playlist.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
                #expect(lines.filter { !$0.isEmpty }.count == 3, "#EXTM3U, one #EXTINF and one file: \(playlist.debugDescription)")
                #expect(!lines.contains { $0.hasPrefix("http") || ($0.hasPrefix("#EXTINF") && $0.contains("more") && !$0.contains("Evil")) })
                #expect(!playlist.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" },
                        "\(playlist.debugDescription)")
                #expect(!playlist.contains("\u{2028}"))
            }
        }

        @Test func aRevokeRemovesThePageEvenWhenTheTemplatesAreBroken() async throws {
            let templates = FileManager.default.temporaryDirectory.appendingPathComponent("studio-templates-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: StudioTestServer.repository.appendingPathComponent("templates"), to: templates)
            defer { try? FileManager.default.removeItem(at: templates) }
            try await StudioTestServer.with(templates: templates) { s in
                let track = try await s.makeTrack(s.userA)
                let share = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string), id = try #require(share["id"]?.string)
                let page = s.configuration.outputDirectory.appendingPathComponent("s/\(token)/index.html")
                #expect(FileManager.default.fileExists(atPath: page.path))
                try "{{#track}} never closed".write(to: templates.appendingPathComponent("track.html"), atomically: true, encoding: .utf8)
                #expect(try await s.send("DELETE", "\(s.p())/shares/\(id)", auth: s.userA.auth).status == 204)
                #expect(!FileManager.default.fileExists(atPath: page.path))
                #expect(!FileManager.default.fileExists(
                    atPath: s.configuration.outputDirectory.appendingPathComponent("v1/music/shares/\(token)").path))
                #expect(try await s.send("GET", "/s/\(token)/").status == 410)
            }
        }
    }
}

extension TestUser {
    /// A new member (not an owner) of org 1.
    static func member(_ s: StudioTestServer, _ email: String) throws -> TestUser {
        let token = Credentials.newUserToken()
        let user = try s.store.createUser(email: email, tokenHash: Credentials.hash(token))
        try s.store.addMember(organizationID: s.org1, userID: user.id, role: .member)
        return TestUser(id: user.id, token: token)
    }
}
