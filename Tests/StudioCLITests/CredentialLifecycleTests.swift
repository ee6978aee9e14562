import Foundation
import Testing

/// Credentials for life (issue 13, item 7): keys are listed without their secret and revoked,
/// tokens rotated, users join and leave organizations — each by the CLI, against the state a
/// running `studio serve` is using, and obeyed by that server on its very next request.
@Suite struct CredentialLifecycleTests {
    struct Account {
        let project: SiteProject
        var state: [String] { ["--state", project.state.path] }

        /// Runs `studio ARGS --state …`, expecting success, and returns stdout.
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let result = try StudioProcess.run(arguments + state)
            #expect(result.status == 0, "studio \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout
        }

        func json(_ arguments: [String]) throws -> [String: Any] {
            let text = try run(arguments + ["--json"])
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        }
    }

    /// The status of listing engines in `organizationID` with `credential`, checked against
    /// `expected` with the response in the message.
    static func expectStatus(_ expected: Int, _ base: String, _ organizationID: String, _ credential: [String: String],
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (status, body) = try ServeCommandTests.request("GET", "\(base)/v1/organizations/\(organizationID)/music/engines",
                                                           headers: credential)
        #expect(status == expected, "\(body.prefix(300))", sourceLocation: sourceLocation)
    }

    @Test func aRunningServerObeysRevokedKeysRotatedTokensAndRemovedMembers() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        let account = Account(project: project)
        let (acme, ownerToken) = try ServeCommandTests.makeOwner(project)
        let member = try account.json(["users", "create", "b@example.com", "--org", "acme"])
        let memberToken = try #require(member["token"] as? String)
        let ciKey = try account.json(["keys", "create", "--user", "b@example.com", "--org", "acme", "--name", "ci"])
        let ciKeyID = try #require(ciKey["id"] as? String), ciSecret = try #require(ciKey["key"] as? String)
        let laptopKey = try account.json(["keys", "create", "--user", "b@example.com", "--org", "acme", "--name", "laptop"])
        let laptopSecret = try #require(laptopKey["key"] as? String)

        let (process, port, log) = try ServeCommandTests.startServer(state: project.state, out: project.output)
        defer { if process.isRunning { process.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        func logText() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        // A key works, and its use shows in the listing (written off the request's path).
        try Self.expectStatus(200, base, acme, ["X-API-Key": ciSecret])
        var listed: [[String: Any]] = []
        for _ in 0..<100 {
            listed = try #require(try account.json(["keys", "list", "--org", "acme"])["data"] as? [[String: Any]])
            if listed.first(where: { $0["id"] as? String == ciKeyID })?["last_used_at"] is String { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let ci = try #require(listed.first { $0["id"] as? String == ciKeyID })
        #expect(ci["name"] as? String == "ci" && ci["user_email"] as? String == "b@example.com")
        #expect(ci["created_at"] is String && ci["last_used_at"] is String, "\(ci)")
        #expect(listed.count == 2)
        let listingText = try account.run(["keys", "list", "--org", "acme"])
        #expect(listingText.contains(ciKeyID) && listingText.contains("never"), "\(listingText)")
        for text in [listingText, try account.run(["keys", "list", "--org", "acme", "--json"])] {
            #expect(!text.contains("msk_"), "a listing never shows a key: \(text)")
        }

        // Revoked: the next request is a 401, and the key leaves the listing.
        try account.run(["keys", "revoke", ciKeyID])
        try Self.expectStatus(401, base, acme, ["X-API-Key": ciSecret])
        #expect(!(try account.run(["keys", "list", "--org", "acme"])).contains(ciKeyID))
        try Self.expectStatus(200, base, acme, ["X-API-Key": laptopSecret])

        // A rotated token: the old one is refused at once, the new one works.
        let rotated = try account.json(["users", "rotate-token", "a@example.com"])
        let newOwnerToken = try #require(rotated["token"] as? String)
        #expect(newOwnerToken != ownerToken)
        try Self.expectStatus(401, base, acme, ["Authorization": "Bearer \(ownerToken)"])
        try Self.expectStatus(200, base, acme, ["Authorization": "Bearer \(newOwnerToken)"])

        // One user, two organizations.
        let beta = try #require(try account.json(["orgs", "create", "beta"])["id"] as? String)
        let refused = try StudioProcess.run(["users", "create", "b@example.com", "--org", "beta"] + account.state)
        #expect(refused.status != 0 && refused.stderr.contains("users add"), "\(refused.stderr)")
        try Self.expectStatus(403, base, beta, ["Authorization": "Bearer \(memberToken)"])
        try account.run(["users", "add", "b@example.com", "--org", "beta", "--role", "member"])
        try Self.expectStatus(200, base, beta, ["Authorization": "Bearer \(memberToken)"])
        try Self.expectStatus(200, base, acme, ["Authorization": "Bearer \(memberToken)"])

        // Removed from acme: the token no longer reaches acme (but still beta), and the keys
        // bound to acme are revoked, so they do not come back if the user rejoins.
        try account.run(["users", "remove", "b@example.com", "--org", "acme"])
        try Self.expectStatus(403, base, acme, ["Authorization": "Bearer \(memberToken)"])
        try Self.expectStatus(200, base, beta, ["Authorization": "Bearer \(memberToken)"])
        try Self.expectStatus(401, base, acme, ["X-API-Key": laptopSecret])
        try account.run(["users", "add", "b@example.com", "--org", "acme"])
        try Self.expectStatus(401, base, acme, ["X-API-Key": laptopSecret])

        // The last owner can be neither removed nor demoted.
        for arguments in [["users", "remove", "a@example.com", "--org", "acme"],
                          ["users", "add", "a@example.com", "--org", "acme", "--role", "member"]] {
            let result = try StudioProcess.run(arguments + account.state)
            #expect(result.status == 1 && result.stderr.contains("last owner"), "\(result.stderr)")
        }
        try Self.expectStatus(200, base, acme, ["Authorization": "Bearer \(newOwnerToken)"])
        #expect(process.isRunning, "\(logText())")
    }

    @Test func unknownKeysAndUsersAreNamedAndTheHelpListsEveryCommand() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        _ = try ServeCommandTests.makeOwner(project)
        let state = ["--state", project.state.path]
        let revoke = try StudioProcess.run(["keys", "revoke", "mkey_doesnotexist"] + state)
        #expect(revoke.status == 1 && revoke.stderr.contains("mkey_doesnotexist"), "\(revoke.stderr)")
        let rotate = try StudioProcess.run(["users", "rotate-token", "nobody@example.com"] + state)
        #expect(rotate.status != 0 && rotate.stderr.contains("nobody@example.com"), "\(rotate.stderr)")
        let list = try StudioProcess.run(["keys", "list"] + state)
        #expect(list.status != 0 && list.stderr.contains("--org"), "\(list.stderr)")
        let badName = try StudioProcess.run(["keys", "create", "--user", "a@example.com", "--org", "acme", "--name", "ci\rx"] + state)
        #expect(badName.status == 2 && badName.stderr.contains("--name"), "\(badName.stderr)")
        let badOrganization = try StudioProcess.run(["orgs", "create", "Evil\u{2028}Corp"] + state)
        #expect(badOrganization.status == 2 && badOrganization.stderr.contains("control characters"), "\(badOrganization.stderr)")
        let overview = try StudioProcess.run(["--help"]).stdout
        for words in ["rotate-token", "list --org ORG", "revoke KEY_ID", "add them to or remove them from"] {
            #expect(overview.contains(words), "studio --help lacks \(words)")
        }
        let accounts = try StudioProcess.run(["keys", "--help"]).stdout
        for command in ["users add", "users remove", "users rotate-token", "keys list", "keys revoke"] {
            #expect(accounts.contains("studio \(command)"), "studio keys --help lacks \(command)")
        }
    }
}
