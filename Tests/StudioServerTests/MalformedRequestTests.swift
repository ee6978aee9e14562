import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// CONTRACT §4: every malformed request gets the right 4xx JSON error object, and the server
    /// goes on serving (checked on a new connection after each).
    @Suite struct MalformedRequestTests {
        /// Sends raw bytes on a connection of their own; expects `status`, a JSON error, and a healthy server after.
        @discardableResult
        func expectError(_ s: StudioTestServer, _ bytes: [UInt8], _ status: Int, param: String? = nil, code: String? = nil,
                         _ label: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> APIResponse {
            let response = APIResponse(raw: try await s.sendFresh(bytes))
            #expect(response.status == status, "\(label): \(response.text)", sourceLocation: sourceLocation)
            #expect(response.isJSONError, "\(label): not a JSON error: \(response.text)", sourceLocation: sourceLocation)
            if let param { #expect(response.errorParam == param, "\(label): \(response.text)", sourceLocation: sourceLocation) }
            if let code { #expect(response.errorCode == code, "\(label): \(response.text)", sourceLocation: sourceLocation) }
            #expect(try await s.isHealthy(), "\(label): the server stopped answering", sourceLocation: sourceLocation)
            return response
        }

        func post(_ s: StudioTestServer, _ path: String, _ body: String, contentType: String? = "application/json") -> [UInt8] {
            StudioTestServer.requestBytes("POST", path, body: Array(body.utf8), contentType: contentType, auth: s.userA.auth)
        }

        @Test func malformedBodies() async throws {
            try await StudioTestServer.with { s in
                let collections = "\(s.p())/collections"
                let generations = "\(s.p())/generations"
                try await expectError(s, post(s, collections, #"{"name": "x""#), 400, "truncated JSON")
                try await expectError(s, post(s, collections, "{name: 'x'}"), 400, "JSON5 is not JSON")
                try await expectError(s, post(s, collections, #"["name"]"#), 400, "an array")
                try await expectError(s, post(s, collections, #""name""#), 400, "a string")
                try await expectError(s, post(s, collections, "null"), 400, "null")
                try await expectError(s, post(s, collections, "42"), 400, "a number")
                try await expectError(s, StudioTestServer.requestBytes("POST", collections, body: Array(#"{"name": ""#.utf8) + [0xFF, 0xFE]
                                                                        + Array(#""}"#.utf8), auth: s.userA.auth), 400, "invalid UTF-8")
                try await expectError(s, post(s, collections, #"{"name": 5}"#), 422, param: "name", "name of the wrong type")
                try await expectError(s, post(s, collections, #"{"name": "x", "description": ["a"]}"#), 422, param: "description",
                                      "description of the wrong type")
                try await expectError(s, post(s, generations, #"{"engine_key": "pulse-1", "prompt": "x", "duration_seconds": "ten"}"#),
                                      422, param: "duration_seconds", "duration as a string")
                try await expectError(s, post(s, generations, #"{"engine_key": "pulse-1", "prompt": "x", "duration_seconds": 1, "params": {"bpm": "fast"}}"#),
                                      422, param: "params.bpm", "params.bpm as a string")
                try await expectError(s, post(s, generations, #"{"engine_key": "pulse-1", "prompt": "x", "duration_seconds": 1, "params": [1]}"#),
                                      422, param: "params", "params as an array")
                try await expectError(s, post(s, collections, #"{"name": "x", "owner_id": "usr_someone"}"#), 422, param: "owner_id",
                                      code: "unknown_field", "unknown field")
                try await expectError(s, post(s, generations, #"{"engine_key": "pulse-1", "prompt": "x", "duration_seconds": 1, "params": {"foo": 1}}"#),
                                      422, param: "params.foo", code: "unknown_field", "unknown nested field")
                try await expectError(s, post(s, generations, #"{"engine_key": "pulse-1", "prompt": "x", "duration_seconds": 1, "status": "succeeded"}"#),
                                      422, param: "status", code: "unknown_field", "mass assignment of status")
                try await expectError(s, post(s, collections, "{}"), 422, param: "name", "missing name")
                try await expectError(s, post(s, generations, #"{"engine_key": "pulse-1", "duration_seconds": 1}"#), 422, param: "prompt",
                                      "missing prompt")
                try await expectError(s, post(s, generations, #"{"engine_key": "nope-9", "prompt": "x", "duration_seconds": 1}"#), 422,
                                      param: "engine_key", "unknown engine")
                try await expectError(s, post(s, generations, #"{"engine_key": "pulse-1", "prompt": "x", "duration_seconds": 0}"#), 422,
                                      param: "duration_seconds", "zero duration")
                try await expectError(s, post(s, collections, #"{"name": "x"}"#, contentType: "text/plain"), 415, "text/plain")
                try await expectError(s, post(s, collections, #"{"name": "x"}"#, contentType: nil), 415, "no Content-Type")
                try await expectError(s, post(s, collections, #"{"name": "x"}"#, contentType: "application/x-www-form-urlencoded"), 415,
                                      "a form")
                // A well-formed request on the same server still works, and the malformed ones created nothing.
                let list = try await s.send("GET", collections, auth: s.userA.auth)
                #expect(list["data"]?.array?.isEmpty == true)
                let jobs = try await s.send("GET", generations, auth: s.userA.auth)
                #expect(jobs["data"]?.array?.isEmpty == true)
                #expect(try await s.send("POST", collections, json: ["name": "ok"], auth: s.userA.auth).status == 201)
            }
        }

        @Test func oversizedAndMisroutedRequests() async throws {
            try await StudioTestServer.with { s in
                let collections = "\(s.p())/collections"
                let big = StudioTestServer.requestBytes("GET", collections, auth: s.userA.auth,
                                                        headers: [("X-Padding", String(repeating: "a", count: 17 * 1024))])
                try await expectError(s, big, 431, "headers over 16 KiB")
                let head = "POST \(collections) HTTP/1.1\r\nHost: x\r\n\(Auth.bearer(s.userA.token).header)"
                    + "Content-Type: application/json\r\nContent-Length: \(2 * 1024 * 1024)\r\n\r\n"
                try await expectError(s, Array(head.utf8) + Array(repeating: UInt8(ascii: " "), count: 65536), 413, "a 2 MiB body")
                let chunk = String(repeating: " ", count: 600 * 1024)
                let chunked = "POST \(collections) HTTP/1.1\r\nHost: x\r\n\(Auth.bearer(s.userA.token).header)"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n0\r\n\r\n"
                try await expectError(s, Array(chunked.utf8), 413, "a chunked body over 1 MiB")

                let put = try await expectError(s, StudioTestServer.requestBytes("PUT", collections, body: Array("{}".utf8), auth: s.userA.auth),
                                                405, "PUT on collections")
                #expect(Set(put.headers["Allow"]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
                        == ["GET", "HEAD", "POST"])
                let patchTracks = try await expectError(s, StudioTestServer.requestBytes("PATCH", "\(s.p())/tracks/mtrack_x",
                                                                                          body: Array("{}".utf8), auth: s.userA.auth),
                                                        405, "PATCH on a track")
                #expect(patchTracks.headers["Allow"]?.contains("GET") == true)
                #expect(patchTracks.headers["Allow"]?.contains("DELETE") == true)
                #expect(patchTracks.headers["Allow"]?.contains("HEAD") == true)
                try await expectError(s, StudioTestServer.requestBytes("DELETE", "\(s.p())/usage", auth: s.userA.auth), 405, "DELETE usage")
                try await expectError(s, StudioTestServer.requestBytes("GET", "\(s.p())/nothing-here", auth: s.userA.auth), 404,
                                      "unknown API path")
                try await expectError(s, StudioTestServer.requestBytes("GET", "/v1/nothing", auth: s.userA.auth), 404, "unknown /v1 path")
                try await expectError(s, StudioTestServer.requestBytes("GET", "\(s.p())/tracks/", auth: s.userA.auth), 404, "empty id")
                try await expectError(s, Array("THIS IS NOT HTTP\r\n\r\n".utf8), 400, "not HTTP")
                try await expectError(s, Array("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".utf8), 400, "a bad header line")
            }
        }

        @Test func absurdPaginationAndIDsOfTheWrongKind() async throws {
            try await StudioTestServer.with { s in
                let collection = try await s.send("POST", "\(s.p())/collections", json: ["name": "c"], auth: s.userA.auth)
                let collectionID = try #require(collection["id"]?.string)
                let lists = ["generations", "tracks", "collections", "collections/\(collectionID)/tracks"]
                for list in lists {
                    for limit in ["0", "101", "-1", "1e9", "abc", "", "1.5", "99999999999999999999"] {
                        try await expectError(s, StudioTestServer.requestBytes("GET", "\(s.p())/\(list)?limit=\(limit)", auth: s.userA.auth),
                                              400, param: "limit", "\(list) limit=\(limit)")
                    }
                    for cursor in ["", "garbage", "1.", ".mcoll_x", String(repeating: "9", count: 10 * 1024), "1.a%20b"] {
                        try await expectError(s, StudioTestServer.requestBytes("GET", "\(s.p())/\(list)?cursor=\(cursor)", auth: s.userA.auth),
                                              400, param: "cursor", "\(list) cursor=\(cursor.prefix(20))")
                    }
                    #expect(try await s.send("GET", "\(s.p())/\(list)?limit=100", auth: s.userA.auth).status == 200)
                    #expect(try await s.send("GET", "\(s.p())/\(list)?limit=1", auth: s.userA.auth).status == 200)
                }
                // An id of another kind never finds anything.
                for (method, path) in [("GET", "tracks/\(collectionID)"), ("DELETE", "tracks/\(collectionID)"),
                                       ("POST", "tracks/\(collectionID)/save"), ("GET", "generations/\(collectionID)"),
                                       ("GET", "collections/mtrack_abcdefabcdefabcdefabcdef"), ("GET", "focus-sessions/\(collectionID)"),
                                       ("DELETE", "shares/\(collectionID)"), ("POST", "generations/\(collectionID)/cancel"),
                                       ("GET", "tracks/..%2f..%2fetc%2fpasswd")] {
                    try await expectError(s, StudioTestServer.requestBytes(method, "\(s.p())/\(path)", auth: s.userA.auth), 404,
                                          "\(method) \(path)")
                }
                try await expectError(s, StudioTestServer.requestBytes("GET", "/v1/music/shares/\(collectionID)"), 404, "share of a collection id")
            }
        }
    }
}
