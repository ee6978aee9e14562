import StudioHTTP
import StudioStore

/// `limit` (1–100, default 20) and `cursor` from a list request (CONTRACT §4). Anything else is a
/// 400 naming the parameter, never a server error or a silently clamped page.
struct Pagination: Sendable {
    static let defaultLimit = 20
    static let maximumLimit = 100

    let request: PageRequest

    init(_ http: HTTPRequest) throws {
        var limit = Self.defaultLimit
        if let text = http.query("limit") {
            guard text.count <= 4, let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw APIError.malformed("`limit` must be a whole number from 1 to \(Self.maximumLimit).", code: "invalid_parameter",
                                         param: "limit")
            }
            limit = value
        }
        var after: PageCursor?
        if let text = http.query("cursor") {
            guard text.count <= 100, let cursor = PageCursor(token: text) else {
                throw APIError.malformed("`cursor` is not a cursor this API returned.", code: "invalid_parameter", param: "cursor")
            }
            after = cursor
        }
        request = PageRequest(limit: limit, after: after)
    }
}
