import Foundation
import StudioAPI
import StudioCore
import StudioHTTP

/// What every answer of `studio serve` carries besides its content (issue #17): a `Request-Id`
/// to quote in a support request and find in the log, and a `Location` on each 201 and 202
/// naming where the new object is read.
enum RequestMarks {
    static let header = "Request-Id"
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// The client's own id when it sent a well-formed one (1–64 of `A-Z a-z 0-9 _ - .`),
    /// else a fresh `req_` and 22 random base-62 characters (131 bits).
    static func requestID(for request: HTTPRequest) -> String {
        if let sent = request.headers[header], (1...64).contains(sent.utf8.count), sent.utf8.allSatisfy(isIDByte) {
            return sent
        }
        var generator = SystemRandomNumberGenerator()
        return "req_" + String((0..<22).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."): true
        default: false
        }
    }

    /// Where the object a 201 or 202 made is read, from the object itself: its API path under
    /// the request's organization (a share link: the unauthenticated resolver of its token).
    static func location(of response: HTTPResponse, request: HTTPRequest, organizationID: String?) -> String? {
        guard response.status == .created || response.status == .accepted, case .bytes(let bytes) = response.body,
              let object = try? JSONValue.parse(Data(bytes)), let kind = object["object"]?.string else { return nil }
        if kind == "share_link", let token = object["token"]?.string { return "/v1/music/shares/\(token)" }
        guard let organizationID else { return nil }
        let prefix = "/v1/organizations/\(organizationID)/music"
        switch kind {
        case "generation": return object["id"]?.string.map { "\(prefix)/generations/\($0)" }
        case "collection": return object["id"]?.string.map { "\(prefix)/collections/\($0)" }
        case "focus_session": return object["id"]?.string.map { "\(prefix)/focus-sessions/\($0)" }
        case "library_entry": return object["track_id"]?.string.map { "\(prefix)/tracks/\($0)" }
        // A track added to a collection (it has a `position`) is read in the collection's list.
        case "track" where object["position"] != nil: return request.path
        case "track": return object["id"]?.string.map { "\(prefix)/tracks/\($0)" }
        default: return nil
        }
    }

    /// One line of `studio serve`'s request log: method, path without its query (signed URLs
    /// and share tokens stay out of logs), status, milliseconds, request id.
    static func logLine(_ request: HTTPRequest, status: HTTPStatus, milliseconds: Double, requestID: String) -> String {
        // A share token is a path segment (`/s/{token}/`, `/v1/music/shares/{token}`): it stays out too.
        let path = request.path.split(separator: "/", omittingEmptySubsequences: false)
            .map { Credentials.isWellFormedShareToken(String($0)) ? "{token}" : String($0) }.joined(separator: "/")
            .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
        return "\(request.method.rawValue) \(path) \(status.code) \(String(format: "%.1f", milliseconds))ms \(requestID)"
    }
}
