import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #17 item 4: the API sees everything the organization owns, not just the caller's library.
    @Suite struct OrganizationVisibilityTests {
        @Test func theOrganizationScopeListsEveryTrackWithPagingAndSearch() async throws {
            try await StudioTestServer.with { s in
                let first = try await s.makeTrack(s.userA, prompt: "Misty harbour at dawn")
                let second = try await s.makeTrack(s.userB, prompt: "driving techno")
                // The library holds nothing yet; the organization holds both.
                let library = try await s.send("GET", "\(s.p())/tracks", auth: s.userA.auth)
                #expect(library["data"]?.array?.count == 0)
                let all = try await s.send("GET", "\(s.p())/tracks?scope=organization", auth: s.userA.auth)
                #expect(all.status == 200)
                #expect(all["data"]?.array?.compactMap { $0["id"]?.string } == [second, first])
                // Keyset paging: one at a time, the cursor leads to the other.
                let page1 = try await s.send("GET", "\(s.p())/tracks?scope=organization&limit=1", auth: s.userB.auth)
                #expect(page1["data"]?.array?.first?["id"]?.string == second)
                let cursor = try #require(page1["next_cursor"]?.string)
                let page2 = try await s.send("GET", "\(s.p())/tracks?scope=organization&limit=1&cursor=\(cursor)", auth: s.userB.auth)
                #expect(page2["data"]?.array?.compactMap { $0["id"]?.string } == [first])
                #expect(page2["has_more"] == false)
                // Search: a case-insensitive substring of the prompt or the title.
                let found = try await s.send("GET", "\(s.p())/tracks?scope=organization&q=HARBOUR", auth: s.userA.auth)
                #expect(found["data"]?.array?.compactMap { $0["id"]?.string } == [first])
                let none = try await s.send("GET", "\(s.p())/tracks?scope=organization&q=100%25", auth: s.userA.auth)
                #expect(none["data"]?.array?.count == 0)
                // Another organization sees none of it.
                let other = try await s.send("GET", "\(s.p(s.org2))/tracks?scope=organization", auth: s.userC.auth)
                #expect(other["data"]?.array?.count == 0)
                // Bad parameters name themselves.
                let badScope = try await s.send("GET", "\(s.p())/tracks?scope=everyone", auth: s.userA.auth)
                #expect(badScope.status == 400)
                #expect(badScope.errorParam == "scope")
                let long = String(repeating: "a", count: 201)
                let badQuery = try await s.send("GET", "\(s.p())/tracks?scope=organization&q=\(long)", auth: s.userA.auth)
                #expect(badQuery.status == 400)
                #expect(badQuery.errorParam == "q")
            }
        }

        @Test func sharesAndFocusSessionsAreListedWithoutTokens() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA)
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                let shareID = try #require(share["id"]?.string)
                #expect(try await s.send("DELETE", "\(s.p())/shares/\(shareID)", auth: s.userA.auth).status == 204)
                let again = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                let liveID = try #require(again["id"]?.string)
                let listed = try await s.send("GET", "\(s.p())/shares", auth: s.userA.auth)
                #expect(listed.status == 200)
                let items = try #require(listed["data"]?.array)
                #expect(items.compactMap { $0["id"]?.string } == [liveID, shareID])
                #expect(items.allSatisfy { $0["token"] == nil && $0["url"] == nil })
                #expect(items.first?["target_id"]?.string == trackID)
                #expect(items.last?["revoked_at"]?.string != nil)
                #expect(!listed.text.contains(try #require(again["token"]?.string)))
                // A member sees their own links only; the other organization none.
                #expect(try await s.send("GET", "\(s.p())/shares", auth: s.userB.auth)["data"]?.array?.count == 0)
                #expect(try await s.send("GET", "\(s.p(s.org2))/shares", auth: s.userC.auth)["data"]?.array?.count == 0)

                let focus = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                    "engine_key": "pulse-1", "prompt": "quiet focus", "target_duration_seconds": 60,
                ], auth: s.userA.auth)
                let sessionID = try #require(focus["id"]?.string)
                let sessions = try await s.send("GET", "\(s.p())/focus-sessions", auth: s.userA.auth)
                #expect(sessions.status == 200)
                #expect(sessions["data"]?.array?.compactMap { $0["id"]?.string } == [sessionID])
                #expect(try await s.send("GET", "\(s.p())/focus-sessions", auth: s.userB.auth)["data"]?.array?.count == 0)
            }
        }

        @Test func anOrganizationSlugIsA404NamingTheIDForm() async throws {
            try await StudioTestServer.with { s in
                let response = try await s.send("GET", "/v1/organizations/demo/music/tracks", auth: s.userA.auth)
                #expect(response.status == 404)
                #expect(response.json["error"]?["message"]?.string?.contains("org_") == true)
                #expect(response.errorParam == "organization_id")
                // A well-formed id the caller is not a member of stays a 403.
                #expect(try await s.send("GET", "\(s.p(s.org2))/tracks", auth: s.userA.auth).status == 403)
            }
        }

        @Test func aRecipeCollectionWithoutAnOwnerBelongsToTheOrganizationsOwner() async throws {
            try await StudioTestServer.with { s in
                // What `studio build` made before the organization had an owner.
                let made = try s.store.createCollection(organizationID: s.org1, ownerID: nil, name: "Recipe set", description: nil)
                let read = try await s.send("GET", "\(s.p())/collections/\(made.id)", auth: s.userA.auth)
                #expect(read.status == 200)
                let listed = try await s.send("GET", "\(s.p())/collections", auth: s.userA.auth)
                #expect(listed["data"]?.array?.contains { $0["id"]?.string == made.id } == true)
                let renamed = try await s.send("PATCH", "\(s.p())/collections/\(made.id)", json: ["name": "Renamed"], auth: s.userA.auth)
                #expect(renamed.status == 200)
                #expect(renamed["name"]?.string == "Renamed")
                // Adopted: it is the owner's now, and still no other member's.
                #expect(try s.store.collection(id: made.id)?.ownerID == s.userA.id)
                #expect(try await s.send("GET", "\(s.p())/collections/\(made.id)", auth: s.userB.auth).status == 404)
            }
        }
    }
}
