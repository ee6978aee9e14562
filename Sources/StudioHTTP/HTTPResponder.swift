/// What the application implements: a response for each request.
///
/// The server calls `respond(to:)` on a task of its own for every complete request, so responders
/// may await freely; requests on one connection are answered in order, requests on different
/// connections concurrently. A thrown error never reaches the client: the server logs nothing,
/// answers 500 with the contract's JSON error object and no internals, and carries on.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) async throws -> HTTPResponse

    /// The largest body to accept for a request, decided from its head (method, path, headers;
    /// the body is still empty) before any of the body is read — `nil` for the server's default.
    /// An upload route can allow more than the 1 MiB default of the JSON API. Called on the
    /// server's event loop: it must be quick and must not block.
    func maximumBodySize(for head: HTTPRequest) -> Int?
}

extension HTTPResponder {
    public func maximumBodySize(for head: HTTPRequest) -> Int? { nil }
}

/// A responder made of a closure, for small servers and tests.
public struct ClosureResponder: HTTPResponder {
    private let body: @Sendable (HTTPRequest) async throws -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.body = body
    }

    public func respond(to request: HTTPRequest) async throws -> HTTPResponse {
        try await body(request)
    }
}
