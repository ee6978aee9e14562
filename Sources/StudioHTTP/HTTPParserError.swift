/// Why a request could not be read, with the status the server answers it with.
///
/// Every parser error ends the connection: after a framing error the server cannot know where the
/// next request would begin (RFC 9112 §11.2, request smuggling).
public struct HTTPParserError: Error, Sendable, Hashable, CustomStringConvertible {
    public let status: HTTPStatus
    /// A stable machine-readable name, used as the `code` of the JSON error.
    public let code: String
    /// A sentence for a human; it names what is wrong, never a server internal.
    public let message: String

    public init(_ status: HTTPStatus, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func badRequest(_ code: String, _ message: String) -> HTTPParserError {
        HTTPParserError(.badRequest, code: code, message)
    }
}
