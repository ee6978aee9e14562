import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Live responses validate against the component schemas their operation declares, for the
    /// status they come with (which must be declared too).
    @Suite struct OpenAPIConformanceTests {
        struct Checker {
            let s: StudioTestServer
            let document: JSONValue
            let validator: SchemaValidator
            var ids: [String: String]
            var checked = 0

            @discardableResult
            mutating func call(_ method: String, _ template: String, json: JSONValue? = nil, auth: Auth, expect status: Int,
                               sourceLocation: SourceLocation = #_sourceLocation) -> APIResponseTask {
                APIResponseTask(method: method, template: template, json: json, auth: auth, status: status, sourceLocation: sourceLocation)
            }

            /// Sends, checks the status is the expected one and declared, and validates the body.
            mutating func run(_ task: APIResponseTask) async throws -> APIResponse {
                var path = task.template
                for name in PathParameters.names(in: task.template) { path = path.replacingOccurrences(of: "{\(name)}", with: ids[name] ?? "?") }
                let response = try await s.send(task.method, path, json: task.json, auth: task.auth)
                let label = "\(task.method) \(task.template) → \(response.status)"
                #expect(response.status == task.status, "\(label): \(response.text)", sourceLocation: task.sourceLocation)
                let operation = document["paths"]?[task.template]?[task.method.lowercased()]
                guard let declared = operation?["responses"]?[String(response.status)] else {
                    Issue.record("\(label) is not a declared response", sourceLocation: task.sourceLocation)
                    return response
                }
                if let schema = declared["content"]?["application/json"]?["schema"] {
                    let errors = validator.errors(response.json, against: schema)
                    #expect(errors.isEmpty, "\(label): \(errors.joined(separator: "; "))", sourceLocation: task.sourceLocation)
                } else {
                    #expect(response.raw.body.isEmpty, "\(label) declares no content", sourceLocation: task.sourceLocation)
                }
                checked += 1
                return response
            }
        }

        struct APIResponseTask {
            let method: String
            let template: String
            let json: JSONValue?
            let auth: Auth
            let status: Int
            let sourceLocation: SourceLocation
        }

        @Test func liveResponsesMatchTheirDeclaredSchemas() async throws {
            try await StudioTestServer.with { s in
                let document = try await s.send("GET", "/v1/openapi.json").json
                let p = "/v1/organizations/{organization_id}/music"
                var c = Checker(s: s, document: document, validator: SchemaValidator(document: document), ids: ["organization_id": s.org1])
                let a = s.userA.auth
                func run(_ method: String, _ path: String, json: JSONValue? = nil, auth: Auth? = nil, _ status: Int,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> APIResponse {
                    try await c.run(c.call(method, path, json: json, auth: auth ?? a, expect: status, sourceLocation: sourceLocation))
                }
                _ = try await run("GET", "\(p)/engines", 200)
                let queued = try await run("POST", "\(p)/generations", json: ["engine_key": "pulse-1", "prompt": "schema check",
                                                                              "duration_seconds": 1, "params": ["seed": 3, "stems": true]], 202)
                _ = try await run("POST", "\(p)/generations", json: ["engine_key": "pulse-1", "prompt": "too long", "duration_seconds": 5000], 202)
                c.ids["generation_id"] = try #require(queued["id"]?.string)
                let job = try await s.waitForJob(c.ids["generation_id"]!, s.userA)
                c.ids["track_id"] = try #require(job["track_id"]?.string)
                _ = try await run("GET", "\(p)/generations/{generation_id}", 200)
                _ = try await run("GET", "\(p)/generations", 200)
                _ = try await run("POST", "\(p)/generations/{generation_id}/cancel", 409)
                let track = try await run("GET", "\(p)/tracks/{track_id}", 200)
                #expect(track["stems"]?.array?.isEmpty == false)
                _ = try await run("POST", "\(p)/tracks/{track_id}/save", 201)
                _ = try await run("POST", "\(p)/tracks/{track_id}/save", 200)
                _ = try await run("GET", "\(p)/tracks", 200)
                let collection = try await run("POST", "\(p)/collections", json: ["name": "Schemas", "description": "d"], 201)
                c.ids["collection_id"] = try #require(collection["id"]?.string)
                _ = try await run("PATCH", "\(p)/collections/{collection_id}", json: ["description": nil], 200)
                _ = try await run("POST", "\(p)/collections/{collection_id}/tracks", json: ["track_id": .string(c.ids["track_id"]!)], 201)
                _ = try await run("POST", "\(p)/collections/{collection_id}/tracks", json: ["track_id": .string(c.ids["track_id"]!)], 409)
                _ = try await run("GET", "\(p)/collections/{collection_id}/tracks", 200)
                _ = try await run("POST", "\(p)/collections/{collection_id}/reorder", json: ["track_ids": [.string(c.ids["track_id"]!)]], 200)
                _ = try await run("POST", "\(p)/collections/{collection_id}/reorder", json: ["track_ids": []], 422)
                _ = try await run("GET", "\(p)/collections/{collection_id}", 200)
                _ = try await run("GET", "\(p)/collections", 200)
                let trackShare = try await run("POST", "\(p)/tracks/{track_id}/share", 201)
                c.ids["token"] = try #require(trackShare["token"]?.string)
                _ = try await run("GET", "/v1/music/shares/{token}", auth: Auth.none, 200)
                c.ids["organization_id"] = s.org2
                _ = try await run("POST", "\(p)/shares/{token}/save", auth: s.userC.auth, 201)
                c.ids["organization_id"] = s.org1
                let collectionShare = try await run("POST", "\(p)/collections/{collection_id}/share",
                                                    json: ["expires_at": "2099-01-01T00:00:00Z"], 201)
                c.ids["token"] = try #require(collectionShare["token"]?.string)
                c.ids["share_id"] = try #require(collectionShare["id"]?.string)
                _ = try await run("GET", "/v1/music/shares/{token}", auth: Auth.none, 200)
                let focus = try await run("POST", "\(p)/focus-sessions", json: ["engine_key": "pulse-1", "prompt": "calm",
                                                                                "target_duration_seconds": 60], 201)
                c.ids["session_id"] = try #require(focus["id"]?.string)
                c.ids["index"] = "7"
                _ = try await run("GET", "\(p)/focus-sessions/{session_id}", 200)
                _ = try await run("POST", "\(p)/focus-sessions/{session_id}/end", 200)
                _ = try await run("POST", "\(p)/focus-sessions/{session_id}/segments/{index}/promote", 404)
                _ = try await run("GET", "\(p)/usage", 200)
                _ = try await run("GET", "\(p)/usage", auth: Auth.none, 401)
                _ = try await run("GET", "\(p)/usage", auth: s.userC.auth, 403)
                _ = try await run("DELETE", "\(p)/tracks/{track_id}", auth: s.userB.auth, 403)
                _ = try await run("DELETE", "\(p)/shares/{share_id}", 204)
                _ = try await run("GET", "/v1/music/shares/{token}", auth: Auth.none, 410)
                _ = try await run("DELETE", "\(p)/collections/{collection_id}/tracks/{track_id}", 204)
                _ = try await run("DELETE", "\(p)/tracks/{track_id}/save", 204)
                _ = try await run("DELETE", "\(p)/collections/{collection_id}", 204)
                _ = try await run("DELETE", "\(p)/tracks/{track_id}", 204)
                _ = try await run("GET", "\(p)/tracks/{track_id}", 404)
                _ = try await run("POST", "\(p)/collections", json: ["name": 1], 422)
                #expect(c.checked >= 40)

                // The validator sees a missing or mistyped field of a real response.
                let trackSchema: JSONValue = ["$ref": "#/components/schemas/Track"]
                #expect(c.validator.errors(track.json, against: trackSchema).isEmpty)
                var fields = try #require(track.json.object)
                fields["title"] = nil
                #expect(!c.validator.errors(.object(fields), against: trackSchema).isEmpty)
                fields = try #require(track.json.object)
                fields["duration_seconds"] = "long"
                #expect(!c.validator.errors(.object(fields), against: trackSchema).isEmpty)
            }
        }
    }
}
