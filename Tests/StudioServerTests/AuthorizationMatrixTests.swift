import Foundation
import StudioAPI
import StudioCore
import StudioStore
import Testing

extension LiveServerTests {
    /// CONTRACT §3 for every operation of the OpenAPI document (so for every route the server
    /// has): who gets 401, 403 or 404, and that no error body tells anything of the object.
    @Suite struct AuthorizationMatrixTests {
        /// The objects of user A in org 1 that the matrix aims at.
        struct World {
            var ids: [String: String]
            /// Every value an error must not reveal unless the caller sent it.
            var secrets: [String]
        }

        func makeWorld(_ s: StudioTestServer) async throws -> World {
            let created = try await s.createGeneration(s.userA, prompt: "secret prompt alpha", duration: 1)
            let jobID = try #require(created["id"]?.string)
            let job = try await s.waitForJob(jobID, s.userA)
            let trackID = try #require(job["track_id"]?.string)
            #expect(try await s.send("POST", "\(s.p())/tracks/\(trackID)/save", auth: s.userA.auth).status == 201)
            let collection = try await s.send("POST", "\(s.p())/collections", json: ["name": "Secret Collection Name",
                                                                                     "description": "secret description"],
                                              auth: s.userA.auth)
            let collectionID = try #require(collection["id"]?.string)
            #expect(try await s.send("POST", "\(s.p())/collections/\(collectionID)/tracks", json: ["track_id": .string(trackID)],
                                     auth: s.userA.auth).status == 201)
            let focus = try await s.send("POST", "\(s.p())/focus-sessions", json: [
                "engine_key": "pulse-1", "prompt": "secret focus prompt", "target_duration_seconds": 60,
            ], auth: s.userA.auth)
            let sessionID = try #require(focus["id"]?.string)
            let share = try await s.send("POST", "\(s.p())/collections/\(collectionID)/share", auth: s.userA.auth)
            let shareID = try #require(share["id"]?.string)
            let token = try #require(share["token"]?.string)
            let title = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)["title"]?.string ?? "?"
            return World(ids: ["organization_id": s.org1, "generation_id": jobID, "track_id": trackID, "collection_id": collectionID,
                               "session_id": sessionID, "index": "0", "share_id": shareID, "token": token],
                         secrets: ["secret prompt alpha", "Secret prompt alpha", title, "Secret Collection Name", "secret description",
                                   "secret focus prompt", jobID, trackID, collectionID, sessionID, shareID, token, s.userA.id,
                                   s.userA.token, "a@example.test"])
        }

        /// A body the operation accepts, so that only authorization can fail it.
        func body(for operation: String, _ world: World) -> JSONValue? {
            switch operation {
            case "createGeneration": ["engine_key": "pulse-1", "prompt": "x", "duration_seconds": 1]
            case "createCollection", "updateCollection": ["name": "n"]
            case "addCollectionTrack": ["track_id": .string(world.ids["track_id"]!)]
            case "reorderCollection": ["track_ids": [.string(world.ids["track_id"]!)]]
            case "startFocusSession": ["engine_key": "pulse-1", "prompt": "x", "target_duration_seconds": 60]
            default: nil
            }
        }

        struct Operation {
            let method: String
            let template: String
            let path: String
            let id: String
            let authenticated: Bool
        }

        func operations(_ s: StudioTestServer, _ world: World) async throws -> [Operation] {
            let document = try await s.send("GET", "/v1/openapi.json").json
            var result: [Operation] = []
            for (template, item) in try #require(document["paths"]?.object).sorted(by: { $0.key < $1.key }) {
                for (method, operation) in item.object ?? [:] {
                    var path = template
                    for name in PathParameters.names(in: template) {
                        guard let value = world.ids[name] else {
                            Issue.record("no fixture for path parameter {\(name)} of \(template): extend the matrix")
                            continue
                        }
                        path = path.replacingOccurrences(of: "{\(name)}", with: value)
                    }
                    result.append(Operation(method: method.uppercased(), template: template, path: path,
                                            id: operation["operationId"]?.string ?? "?",
                                            authenticated: operation["security"]?.array?.isEmpty == false))
                }
            }
            return result
        }

        func expectNoLeak(_ response: APIResponse, sent path: String, body: JSONValue?, _ world: World, _ label: String) {
            #expect(response.isJSONError, "\(label): not a JSON error: \(response.text)")
            let sent = path + (body?.serialized() ?? "")
            for secret in world.secrets where !sent.contains(secret) {
                #expect(!response.text.contains(secret), "\(label) reveals \(secret): \(response.text)")
            }
        }

        @Test func everyRouteRefusesStrangersOtherOrganizationsBoundKeysAndOtherMembers() async throws {
            try await StudioTestServer.with { s in
                let world = try await makeWorld(s)
                // D is a member of both organizations, with a key bound to org 2: the binding alone must refuse org 1.
                let keyD = Credentials.newAPIKey()
                let userD = try s.store.createUser(email: "d@example.test", tokenHash: Credentials.hash(Credentials.newUserToken()))
                try s.store.addMember(organizationID: s.org1, userID: userD.id, role: .owner)
                try s.store.addMember(organizationID: s.org2, userID: userD.id, role: .member)
                _ = try s.store.createAPIKey(userID: userD.id, organizationID: s.org2, name: nil, keyHash: Credentials.hash(keyD))
                #expect(try await s.send("GET", "\(s.p(s.org2))/engines", auth: .apiKey(keyD)).status == 200)
                #expect(try await s.send("GET", "\(s.p(s.org2))/engines", auth: .apiKey(s.keyC)).status == 200)

                let operations = try await operations(s, world)
                #expect(operations.count >= 28)
                var checkedForB = 0
                for operation in operations {
                    let label = "\(operation.method) \(operation.template)"
                    let body = body(for: operation.id, world)
                    func call(_ auth: Auth, headers: [(String, String)] = []) async throws -> APIResponse {
                        try await s.send(operation.method, operation.path, json: body, auth: auth, headers: headers)
                    }
                    guard operation.authenticated else {
                        #expect(try await call(.none).status == 200, "\(label) without credentials")
                        continue
                    }
                    let anonymous = try await call(.none)
                    #expect(anonymous.status == 401, "\(label) without credentials")
                    #expect(anonymous.headers["WWW-Authenticate"] != nil, "\(label)")
                    expectNoLeak(anonymous, sent: operation.path, body: body, world, label)
                    for (name, auth) in [("unknown token", Auth.bearer(Credentials.newUserToken())),
                                         ("unknown key", Auth.apiKey(Credentials.newAPIKey())),
                                         ("malformed bearer", Auth.bearer(String(repeating: "x", count: 300)))] {
                        let response = try await call(auth)
                        #expect(response.status == 401, "\(label) with \(name)")
                    }
                    let basic = try await call(.none, headers: [("Authorization", "Basic dXNlcjpwYXNz")])
                    #expect(basic.status == 401, "\(label) with Basic auth")

                    // A path outside any organization (`GET /v1/organizations`) answers every caller,
                    // about their own organizations only: org 1 stays unnamed to org 2's callers.
                    guard operation.template.contains("{organization_id}") else {
                        for (name, auth) in [("user C", s.userC.auth), ("C's key bound to org 2", Auth.apiKey(s.keyC)),
                                             ("D's key bound to org 2", Auth.apiKey(keyD))] {
                            let response = try await call(auth)
                            #expect(response.status == 200, "\(label) as \(name): \(response.text)")
                            #expect(!response.text.contains(s.org1), "\(label) as \(name) names org 1: \(response.text)")
                        }
                        continue
                    }
                    for (name, auth) in [("user C", s.userC.auth), ("C's key bound to org 2", Auth.apiKey(s.keyC)),
                                         ("D's key bound to org 2", Auth.apiKey(keyD))] {
                        let response = try await call(auth)
                        #expect(response.status == 403, "\(label) as \(name): \(response.text)")
                        expectNoLeak(response, sent: operation.path, body: body, world, "\(label) as \(name)")
                    }

                    // B, a member of org 1, on A's user-owned objects (404) and A's organization objects (403 to delete).
                    let expectedForB: Int? = switch (operation.method, operation.template) {
                    case (_, let t) where t.contains("{collection_id}") || t.contains("{session_id}"): 404
                    case ("DELETE", let t) where t.hasSuffix("/tracks/{track_id}/save"): 404
                    case ("DELETE", let t) where t.hasSuffix("/tracks/{track_id}"): 403
                    // The world's link shares A's collection, which B cannot see: it does not exist for B.
                    case ("DELETE", let t) where t.hasSuffix("/shares/{share_id}"): 404
                    case ("POST", let t) where t.hasSuffix("/generations/{generation_id}/cancel"): 403
                    default: nil
                    }
                    if let expectedForB {
                        let response = try await call(s.userB.auth)
                        #expect(response.status == expectedForB, "\(label) as member B: \(response.text)")
                        expectNoLeak(response, sent: operation.path, body: body, world, "\(label) as member B")
                        checkedForB += 1
                    }
                }
                #expect(checkedForB >= 14)

                // Nothing of the above changed A's objects.
                #expect(try await s.send("GET", "\(s.p())/tracks/\(world.ids["track_id"]!)", auth: s.userA.auth).status == 200)
                let members = try await s.send("GET", "\(s.p())/collections/\(world.ids["collection_id"]!)/tracks", auth: s.userA.auth)
                #expect(members["data"]?.array?.count == 1)
                #expect(try await s.send("GET", "/v1/music/shares/\(world.ids["token"]!)").status == 200)
                let jobs = try await s.send("GET", "\(s.p())/generations", auth: s.userA.auth)
                #expect(jobs["data"]?.array?.count == 1)
                #expect(try await s.send("GET", "\(s.p(s.org2))/collections", auth: s.userC.auth)["data"]?.array?.isEmpty == true)
                let library = try await s.send("GET", "\(s.p())/tracks", auth: s.userA.auth)
                #expect(library["data"]?.array?.count == 1)
            }
        }

        @Test func theCreatorOrAnOwnerMayDeleteAMembersTrack() async throws {
            try await StudioTestServer.with { s in
                let ofB = try await s.makeTrack(s.userB, prompt: "made by b")
                let ofB2 = try await s.makeTrack(s.userB, prompt: "also by b")
                // B deletes their own; A (owner) deletes B's; C (other org) sees nothing.
                #expect(try await s.send("DELETE", "\(s.p(s.org2))/tracks/\(ofB)", auth: s.userC.auth).status == 404)
                #expect(try await s.send("GET", "\(s.p(s.org2))/tracks/\(ofB)", auth: s.userC.auth).status == 404)
                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(ofB)", auth: s.userB.auth).status == 204)
                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(ofB2)", auth: s.userA.auth).status == 204)
            }
        }
    }
}

enum PathParameters {
    static func names(in template: String) -> [String] {
        template.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}
