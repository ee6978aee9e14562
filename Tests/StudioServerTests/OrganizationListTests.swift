import Foundation
import StudioAPI
import StudioCore
import Testing

extension LiveServerTests {
    /// `GET /v1/organizations`: a client that holds only a key or a token learns the `org_…` id
    /// every private path takes, without guessing it from an error message.
    @Suite struct OrganizationListTests {
        @Test func aCredentialListsTheOrganizationsItMayActIn() async throws {
            try await StudioTestServer.with { s in
                // A user in two organizations sees both, with their role in each, oldest first and
                // then by id (the two are made a millisecond apart or in the same one).
                try s.store.addMember(organizationID: s.org2, userID: s.userA.id, role: .member)
                let both = try await s.send("GET", "/v1/organizations", auth: s.userA.auth)
                #expect(both.status == 200)
                #expect(both["object"]?.string == "list")
                let items = try #require(both["data"]?.array)
                let made = try [s.org1, s.org2].map { (id: $0, at: try #require(try s.store.organization(id: $0)).createdAt) }
                let ordered = made.sorted { ($0.at, $0.id) < ($1.at, $1.id) }.map(\.id)
                #expect(items.compactMap { $0["id"]?.string } == ordered)
                let roles = Dictionary(uniqueKeysWithValues: items.compactMap { item in item["id"]?.string.map { ($0, item["role"]?.string) } })
                #expect(roles[s.org1] == "owner")
                #expect(roles[s.org2] == "member")
                #expect(items.first { $0["id"]?.string == s.org1 }?["name"]?.string == "Org One")
                #expect(items.allSatisfy { $0["object"]?.string == "organization" })
                // Paging by the same keyset rules as every list.
                let first = try await s.send("GET", "/v1/organizations?limit=1", auth: s.userA.auth)
                #expect(first["data"]?.array?.compactMap { $0["id"]?.string } == [ordered[0]])
                let cursor = try #require(first["next_cursor"]?.string)
                let second = try await s.send("GET", "/v1/organizations?limit=1&cursor=\(cursor)", auth: s.userA.auth)
                #expect(second["data"]?.array?.compactMap { $0["id"]?.string } == [ordered[1]])
                #expect(second["has_more"] == false)
                // A key bound to one organization sees that one only, even if its user is in more.
                try s.store.addMember(organizationID: s.org1, userID: s.userC.id, role: .member)
                let bound = try await s.send("GET", "/v1/organizations", auth: .apiKey(s.keyC))
                #expect(bound["data"]?.array?.compactMap { $0["id"]?.string } == [s.org2])
                // No credential, no list; a bad limit names itself.
                let anonymous = try await s.send("GET", "/v1/organizations")
                #expect(anonymous.status == 401)
                #expect(anonymous.isJSONError)
                let bad = try await s.send("GET", "/v1/organizations?limit=0", auth: s.userA.auth)
                #expect(bad.status == 400)
                #expect(bad.errorParam == "limit")
                let post = try await s.send("POST", "/v1/organizations", auth: s.userA.auth)
                #expect(post.status == 405)
                // A user nobody has added to an organization yet: an empty list, not an error.
                let token = Credentials.newUserToken()
                _ = try s.store.createUser(email: "nobody@example.test", tokenHash: Credentials.hash(token))
                let empty = try await s.send("GET", "/v1/organizations", auth: .bearer(token))
                #expect(empty.status == 200)
                #expect(empty["data"]?.array?.isEmpty == true)
                #expect(empty["has_more"] == false)
            }
        }
    }
}
