import StudioHTTP

/// A path pattern such as `/v1/organizations/{organization_id}/music/tracks/{track_id}`: literal
/// segments and `{name}` parameters, one segment each.
struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    let description: String

    init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
    }

    var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// The parameters when `path` matches (an empty segment never matches a parameter).
    func match(_ path: String) -> [String: String]? {
        match(parts: PathPattern.parts(of: path))
    }

    /// A path's segments as `match(parts:)` takes them: split at every `/`, the empty one
    /// before the leading slash dropped.
    static func parts(of path: String) -> ArraySlice<Substring> {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    }

    /// `match(_:)` on a path already split by `parts(of:)`, so that the router splits a request's
    /// path once rather than once per route (splitting was a fifth of the server's CPU time
    /// for a static file, which is looked up in every route before it falls through to public/).
    func match(parts: ArraySlice<Substring>) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): guard part == text else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }
}

/// What a handler gets: the request and the path's parameters.
struct RouteContext: Sendable {
    let request: HTTPRequest
    let parameters: [String: String]
    /// The principal `StudioApp` already resolved (to count the request against its rate
    /// limit), so that the handler does not look the credential up a second time.
    var principal: Principal? = nil

    func parameter(_ name: String) -> String { parameters[name] ?? "" }
}

/// One operation of the API: method, path, what it documents itself as, and its handler.
struct Route: Sendable {
    let method: HTTPMethod
    let pattern: PathPattern
    let operation: OperationDocument
    let handler: @Sendable (RouteContext) async throws -> HTTPResponse
}

/// Finds the route for a request: 404 for an unknown path, 405 with `Allow` for a known path
/// and the wrong method.
struct Router: Sendable {
    let routes: [Route]

    enum Match {
        case found(Route, [String: String])
        case wrongMethod([HTTPMethod])
        case none
    }

    func match(method: HTTPMethod, path: String) -> Match {
        var allowed: [HTTPMethod] = []
        let parts = PathPattern.parts(of: path)
        for route in routes {
            guard let parameters = route.pattern.match(parts: parts) else { continue }
            if route.method == method || (method == .head && route.method == .get) { return .found(route, parameters) }
            allowed.append(route.method)
        }
        // A GET route answers HEAD too (above), so `Allow` says so (RFC 9110 §10.2.1), as the static files' 405 does.
        if allowed.contains(.get) && !allowed.contains(.head) { allowed.insert(.head, at: allowed.firstIndex(of: .get)! + 1) }
        return allowed.isEmpty ? .none : .wrongMethod(allowed)
    }

    /// The `{organization_id}` of an API path, if it is one.
    func organizationID(in path: String) -> String? {
        let parts = PathPattern.parts(of: path)
        guard parts.count > 2, parts[parts.startIndex] == "v1", parts[parts.startIndex + 1] == "organizations" else { return nil }
        return String(parts[parts.startIndex + 2])
    }
}
