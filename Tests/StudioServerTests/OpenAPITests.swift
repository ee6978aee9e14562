import Foundation
import StudioCore
@testable import StudioServer
import Testing

/// The schema validator itself: it must fail what it should, or the live checks prove nothing.
@Suite struct SchemaValidatorTests {
    let validator = SchemaValidator(document: ["components": ["schemas": [
        "Thing": ["type": "object", "required": ["id", "kind"], "additionalProperties": false, "properties": [
            "id": ["type": "string"], "kind": ["type": "string", "enum": ["a", "b"]], "object": ["const": "thing"],
            "count": ["type": "integer", "minimum": 0], "note": ["type": ["string", "null"]],
            "at": ["type": "string", "format": "date-time"], "tags": ["type": "array", "items": ["type": "string"]],
            "child": ["oneOf": [["$ref": "#/components/schemas/Thing"], ["type": "null"]]],
        ]],
    ]]])
    let thing: JSONValue = ["$ref": "#/components/schemas/Thing"]

    @Test func acceptsConformingValues() {
        let value: JSONValue = ["id": "x", "kind": "a", "object": "thing", "count": 3, "note": nil, "at": "2026-01-02T03:04:05Z",
                                "tags": ["t"], "child": ["id": "y", "kind": "b"]]
        #expect(validator.errors(value, against: thing).isEmpty)
        #expect(validator.errors(["id": "x", "kind": "b", "child": nil, "note": "n"], against: thing).isEmpty)
    }

    @Test func rejectsEachKindOfMistake() {
        let cases: [(JSONValue, String)] = [
            (["kind": "a"], "missing required field id"),
            (["id": 5, "kind": "a"], "$.id: expected string"),
            (["id": "x", "kind": "c"], "is not one of"),
            (["id": "x", "kind": "a", "object": "other"], "constant"),
            (["id": "x", "kind": "a", "count": 1.5], "expected integer"),
            (["id": "x", "kind": "a", "count": -1], "minimum"),
            (["id": "x", "kind": "a", "note": 1], "expected string or null"),
            (["id": "x", "kind": "a", "at": "yesterday"], "date-time"),
            (["id": "x", "kind": "a", "tags": ["t", 1]], "$.tags[1]"),
            (["id": "x", "kind": "a", "extra": true], "not allowed"),
            (["id": "x", "kind": "a", "child": ["id": "y"]], "$.child"),
            (["id": "x", "kind": "a", "child": "no"], "oneOf"),
            ("text", "expected object"),
        ]
        for (value, message) in cases {
            let errors = validator.errors(value, against: thing)
            #expect(errors.contains { $0.contains(message) }, "\(value.serialized()) → \(errors)")
        }
        #expect(!validator.errors(["id": "x"], against: ["$ref": "#/components/schemas/Nope"]).isEmpty)
    }
}

extension LiveServerTests {
    /// CONTRACT §5: `/v1/openapi.json` lists exactly the router's operations, and what the server
    /// answers matches the schemas it declares.
    @Suite struct OpenAPITests {
        /// Every endpoint of CONTRACT §5, as the contract names it.
        static let contractEndpoints: Set<String> = {
            let p = MusicAPI.prefix
            return ["GET \(p)/engines", "POST \(p)/generations", "GET \(p)/generations", "GET \(p)/generations/{generation_id}",
                    "POST \(p)/generations/{generation_id}/cancel", "GET \(p)/tracks", "GET \(p)/tracks/{track_id}",
                    "POST \(p)/tracks/{track_id}/save", "DELETE \(p)/tracks/{track_id}/save", "DELETE \(p)/tracks/{track_id}",
                    "POST \(p)/collections", "GET \(p)/collections", "GET \(p)/collections/{collection_id}",
                    "PATCH \(p)/collections/{collection_id}", "DELETE \(p)/collections/{collection_id}",
                    "POST \(p)/collections/{collection_id}/tracks", "DELETE \(p)/collections/{collection_id}/tracks/{track_id}",
                    "GET \(p)/collections/{collection_id}/tracks", "POST \(p)/collections/{collection_id}/reorder",
                    "POST \(p)/focus-sessions", "GET \(p)/focus-sessions/{session_id}", "POST \(p)/focus-sessions/{session_id}/end",
                    "POST \(p)/focus-sessions/{session_id}/segments/{index}/promote", "POST \(p)/tracks/{track_id}/share",
                    "POST \(p)/collections/{collection_id}/share", "DELETE \(p)/shares/{share_id}", "GET /v1/music/shares/{token}",
                    "POST \(p)/shares/{token}/save", "GET \(p)/usage"]
        }()

        @Test func theDocumentListsExactlyTheRoutesOfTheRouter() async throws {
            try await StudioTestServer.with { s in
                let document = try await s.send("GET", "/v1/openapi.json").json
                var documented: Set<String> = []
                var operationIDs: [String] = []
                for (path, item) in document["paths"]?.object ?? [:] {
                    for (method, operation) in item.object ?? [:] {
                        documented.insert("\(method.uppercased()) \(path)")
                        operationIDs.append(operation["operationId"]?.string ?? "")
                        let declared = Set(operation["parameters"]?.array?.filter { $0["in"] == "path" }.compactMap { $0["name"]?.string } ?? [])
                        #expect(declared == Set(PathParameters.names(in: path)), "\(method) \(path) path parameters")
                        #expect(operation["responses"]?.object?.keys.contains { $0.hasPrefix("2") } == true, "\(method) \(path)")
                    }
                }
                let routed = Set(s.app.router.routes.map { "\($0.method.rawValue) \($0.pattern.description)" })
                #expect(routed.count == s.app.router.routes.count, "a route is listed twice")
                #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented))")
                #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed))")
                #expect(Self.contractEndpoints.subtracting(routed).isEmpty, "CONTRACT §5 endpoints without a route: \(Self.contractEndpoints.subtracting(routed))")
                #expect(Set(operationIDs).count == operationIDs.count, "operationIds are not unique")
                // Every $ref in the document resolves.
                let schemas = document["components"]?["schemas"]?.object ?? [:]
                for reference in Self.references(in: document) {
                    #expect(schemas[String(reference.split(separator: "/").last ?? "")] != nil, "unresolved \(reference)")
                }
            }
        }

        static func references(in value: JSONValue) -> [String] {
            switch value {
            case .object(let object): (object["$ref"]?.string.map { [$0] } ?? []) + object.values.flatMap(references)
            case .array(let items): items.flatMap(references)
            default: []
            }
        }
    }
}
