import Foundation

/// A response: status, header fields and content.
///
/// The server writes `Content-Length` (from the body), `Date` and `Connection` itself; a
/// responder sets everything else. To a `HEAD` request the server sends the head of the response a
/// `GET` would get, with its `Content-Length`, and no content.
public struct HTTPResponse: Sendable {
    /// What follows the head.
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Part or all of a file, streamed (static files, byte ranges).
        case file(FileRegion)
        /// Written as produced, until the producer finishes (`ResponseStream`).
        case stream(ResponseStream)

        public static let empty = Body.bytes([])

        public var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .file(let region): region.length
            case .stream: 0
            }
        }
    }

    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: Body

    public init(status: HTTPStatus, headers: HTTPHeaders = [:], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: HTTPStatus, headers: HTTPHeaders = [:], bytes: [UInt8]) {
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }

    /// A JSON response, `Content-Type: application/json; charset=utf-8`.
    public static func json(_ status: HTTPStatus, _ json: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/json; charset=utf-8"
        return HTTPResponse(status: status, headers: headers, bytes: Array(json.utf8))
    }

    /// A plain text response, `Content-Type: text/plain; charset=utf-8`.
    public static func text(_ status: HTTPStatus, _ text: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "text/plain; charset=utf-8"
        return HTTPResponse(status: status, headers: headers, bytes: Array(text.utf8))
    }

    /// The error object of the contract (§4), for the answers the server gives on its own — a
    /// malformed request, a limit, a responder's failure — so that every path, API or not, gets
    /// JSON and never any internals.
    public static func error(_ status: HTTPStatus, code: String, message: String,
                             type: String? = nil, headers: HTTPHeaders = [:]) -> HTTPResponse {
        let type = type ?? (status.code >= 500 ? "server_error" : "invalid_request_error")
        let object: [String: Any] = ["error": ["type": type, "code": code, "message": message, "param": NSNull()]]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var response = HTTPResponse.json(status, String(decoding: data, as: UTF8.self), headers: headers)
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
