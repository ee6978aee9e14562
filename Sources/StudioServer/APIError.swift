import StudioCore
import StudioHTTP

/// An error as the API answers it (CONTRACT §4): the right status, a stable `type` and `code`
/// for programs, a `message` for people, and the `param` it is about.
struct APIError: Error, Sendable {
    var status: HTTPStatus
    var type: String
    var code: String
    var message: String
    var param: String?
    var headers: HTTPHeaders = [:]

    var json: JSONValue {
        .object(["error": .object(["type": .string(type), "code": .string(code), "message": .string(message),
                                   "param": JSONValue(param)])])
    }

    static func malformed(_ message: String, code: String = "malformed_request", param: String? = nil) -> APIError {
        APIError(status: .badRequest, type: "invalid_request_error", code: code, message: message, param: param)
    }

    static func invalid(_ message: String, param: String?, code: String = "invalid_parameter") -> APIError {
        APIError(status: .unprocessableContent, type: "invalid_request_error", code: code, message: message, param: param)
    }

    static func unauthenticated(_ message: String) -> APIError {
        APIError(status: .unauthorized, type: "authentication_error", code: "unauthenticated", message: message,
                 headers: ["WWW-Authenticate": "Bearer realm=\"music-studio\""])
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(status: .forbidden, type: "permission_error", code: "forbidden", message: message)
    }

    /// Also what a caller gets for an object of another organization: its existence is not revealed.
    static func notFound(_ what: String, param: String? = nil) -> APIError {
        APIError(status: .notFound, type: "not_found_error", code: "not_found", message: "No such \(what).", param: param)
    }

    static func conflict(_ message: String, code: String = "conflict") -> APIError {
        APIError(status: .conflict, type: "conflict_error", code: code, message: message)
    }

    static func gone(_ message: String, code: String = "gone") -> APIError {
        APIError(status: .gone, type: "not_found_error", code: code, message: message)
    }

    static func methodNotAllowed(_ allowed: [HTTPMethod]) -> APIError {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(status: .methodNotAllowed, type: "invalid_request_error", code: "method_not_allowed",
                        message: "This path allows \(allow).", headers: ["Allow": allow])
    }

    static func unsupportedMediaType() -> APIError {
        APIError(status: .unsupportedMediaType, type: "invalid_request_error", code: "unsupported_media_type",
                 message: "Send the body as JSON with Content-Type: application/json.")
    }

    /// The caller's credential spent its burst (`RateLimiter`): CONTRACT §4's 429 with `Retry-After`.
    static func rateLimited(retryAfter seconds: Int) -> APIError {
        APIError(status: .tooManyRequests, type: "rate_limit_error", code: "rate_limited",
                 message: "Too many requests with this credential; retry after \(seconds) s.",
                 headers: ["Retry-After": String(seconds)])
    }

    /// A signed media URL whose file is missing or damaged on the server (`MediaFileCheck`).
    static let mediaUnavailable = APIError(status: .internalServerError, type: "api_error", code: "media_unavailable",
                                           message: "This audio file is missing or damaged on the server and cannot be served.")

    static let internalError = APIError(status: .internalServerError, type: "api_error", code: "internal_error",
                                        message: "Something went wrong on our side; the request may be retried.")
}
