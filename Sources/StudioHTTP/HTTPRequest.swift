/// A protocol version as sent on the request line: `HTTP/1.1` is `HTTPVersion(major: 1, minor: 1)`.
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// One `name=value` pair of a query string, both percent-decoded (and `+` read as a space, as
/// HTML forms send it).
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A complete request, as the parser hands it to a responder.
///
/// `target` is the request-target exactly as sent; `path` is its path percent-decoded once and
/// checked to be UTF-8. The path is *not* normalised: `/a/../b` stays as it is, so that a
/// responder which maps paths to files sees, and refuses, every attempt to climb out of its root.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var target: String
    public var path: String
    public var queryItems: [QueryItem]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The connection comes from this machine (127.0.0.0/8 or ::1). Set by the server; false
    /// for a request made any other way. A reverse proxy on the same machine is loopback too:
    /// whoever trusts this must also look for its forwarding headers.
    public var peerIsLoopback = false

    public init(method: HTTPMethod, target: String, path: String? = nil, queryItems: [QueryItem] = [],
                version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.path = path ?? String(target.prefix { $0 != "?" })
        self.queryItems = queryItems
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The raw path of the target, still percent-encoded (the part before `?`).
    public var rawPath: String {
        // Absolute-form begins with its scheme; an origin-form target may hold `://` in a segment
        // or in its query, and that is not an authority.
        if !target.hasPrefix("/"), let schemeEnd = target.range(of: "://") {  // absolute-form: skip the authority
            let afterAuthority = target[schemeEnd.upperBound...].drop { $0 != "/" && $0 != "?" }
            let path = afterAuthority.prefix { $0 != "?" }
            return path.isEmpty ? "/" : String(path)
        }
        return String(target.prefix { $0 != "?" })
    }

    /// The raw query string after `?`, or `nil` when there is none.
    public var rawQuery: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    /// The first value of the query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Whether the client wants the connection kept open after this exchange: HTTP/1.1 unless it
    /// says `Connection: close`; HTTP/1.0 only when it says `Connection: keep-alive`.
    public var wantsKeepAlive: Bool {
        if headers.contains("Connection", token: "close") { return false }
        if version == .http1_0 { return headers.contains("Connection", token: "keep-alive") }
        return true
    }
}
