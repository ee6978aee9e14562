import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// What the server refuses, its document refuses too: a client (or schemathesis, `make
    /// conformance`) that sends what the schema allows must not be turned away for it. Found by
    /// schemathesis's positive-data check: an empty collection name or prompt, and an empty
    /// `cursor`, were allowed by the document and refused by the server.
    @Suite struct OpenAPIRequestSchemaTests {
        @Test func requestsTheServerRefusesBreakTheirDeclaredSchemas() async throws {
            try await StudioTestServer.with { s in
                let document = try await s.send("GET", "/v1/openapi.json").json
                let validator = SchemaValidator(document: document)
                let a = s.userA.auth
                let p = s.p(), template = "/v1/organizations/{organization_id}/music"
                let collection = try #require(try await s.send("POST", "\(p)/collections", json: ["name": "C"], auth: a).json["id"]?.string)
                let long = { (count: Int) in String(repeating: "n", count: count) }
                let cases: [(String, String, String, JSONValue)] = [
                    ("POST", "\(p)/collections", "\(template)/collections", ["name": ""]),
                    ("POST", "\(p)/collections", "\(template)/collections", ["name": " \n\t"]),
                    ("POST", "\(p)/collections", "\(template)/collections", ["name": .string(long(201))]),
                    ("POST", "\(p)/collections", "\(template)/collections", ["name": "n", "description": .string(long(2001))]),
                    ("PATCH", "\(p)/collections/\(collection)", "\(template)/collections/{collection_id}", ["name": ""]),
                    ("POST", "\(p)/generations", "\(template)/generations", ["engine_key": "pulse-1", "prompt": "", "duration_seconds": 1]),
                    ("POST", "\(p)/generations", "\(template)/generations", ["engine_key": "pulse-1", "prompt": "  ", "duration_seconds": 1]),
                    ("POST", "\(p)/generations", "\(template)/generations", ["engine_key": .string(long(65)), "prompt": "p", "duration_seconds": 1]),
                    ("POST", "\(p)/focus-sessions", "\(template)/focus-sessions",
                     ["engine_key": "ambient-1", "prompt": .string(long(2001)), "target_duration_seconds": 60]),
                    ("POST", "\(p)/collections/\(collection)/tracks", "\(template)/collections/{collection_id}/tracks",
                     ["track_id": .string(long(65))]),
                ]
                for (method, path, pattern, body) in cases {
                    let response = try await s.send(method, path, json: body, auth: a)
                    #expect(response.status == 422, "\(method) \(pattern) \(body.serialized()): \(response.status)")
                    let schema = try #require(document["paths"]?[pattern]?[method.lowercased()]?["requestBody"]?["content"]?["application/json"]?["schema"])
                    #expect(!validator.errors(body, against: schema).isEmpty, "the document allows \(body.serialized()) for \(method) \(pattern)")
                }
                // An empty cursor is refused as malformed; the parameter says it is never empty.
                #expect(try await s.send("GET", "\(p)/collections?cursor=", auth: a).status == 400)
                let cursor = document["paths"]?["\(template)/collections"]?["get"]?["parameters"]?.array?.first { $0["name"] == "cursor" }
                #expect(!validator.errors("", against: try #require(cursor?["schema"])).isEmpty, "the document allows an empty cursor")
            }
        }
    }
}
