#if canImport(Glibc)
import Glibc
#endif

/// Serves the files under a root directory — `public/` — as a static host would.
///
/// GET and HEAD only; `index.html`, then `index.json`, for a directory; validators (`ETag`,
/// `Last-Modified`) with 304s; single byte ranges for audio seeking; no directory listings.
///
/// Nothing outside the root is ever served. The path is percent-decoded exactly once (by the
/// parser); a target that still hides a separator or a NUL in an escape (`%2f`, `%5c`, `%00`), or
/// whose decoded path has a segment starting with a dot (`..`, `.git`, so `%2e%2e` and `%2egit`
/// too) is a 404, and what is left is
/// resolved with `realpath(3)`, so a symlink pointing out of the root is a 404 as well.
public struct StaticFileResponder: HTTPResponder {
    /// The root, resolved (no symlinks, no trailing slash).
    public let root: String
    /// `max-age` of assets and audio; HTML, JSON and playlists get `no-cache` (they change
    /// when a share is revoked, and must be revalidated).
    public var assetMaxAge: Int

    /// Fails when `root` is not an existing directory.
    public init?(root: String, assetMaxAge: Int = 3600) {
        guard let resolved = Self.resolve(root), Self.kind(of: resolved) == .directory else { return nil }
        self.root = resolved
        self.assetMaxAge = assetMaxAge
    }

    public func respond(to request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .get || request.method == .head else {
            return .error(.methodNotAllowed, code: "method_not_allowed", message: "Only GET and HEAD are allowed here.",
                          headers: ["Allow": "GET, HEAD"])
        }
        guard let relative = safeRelativePath(request), let resolved = resolveInsideRoot(relative) else {
            return notFound(request)
        }
        switch Self.kind(of: resolved) {
        case .directory:
            guard request.rawPath.hasSuffix("/") else {
                let location = request.rawPath + "/" + (request.rawQuery.map { "?" + $0 } ?? "")
                return HTTPResponse(status: .movedPermanently, headers: ["Location": location, "Cache-Control": "no-cache"])
            }
            for index in ["index.html", "index.json"] {
                if let file = resolveInsideRoot(relative + "/" + index), Self.kind(of: file) == .file,
                   let response = serve(file, status: .ok, request) {
                    return response
                }
            }
            return notFound(request)
        case .file:
            return serve(resolved, status: .ok, request) ?? notFound(request)
        case .other, .missing:
            return notFound(request)
        }
    }

    // MARK: - Paths

    /// The decoded path without its leading `/`, or `nil` when it could name something outside
    /// the root or is not a plain path.
    func safeRelativePath(_ request: HTTPRequest) -> String? {
        let raw = request.rawPath
        guard raw.hasPrefix("/") else { return nil }
        // Most paths have no escapes at all: look for a '%' in one byte scan before lowercasing
        // and searching three times (through Foundation: 6 % of the CPU per static request).
        if raw.utf8.contains(UInt8(ascii: "%")) {
            let lower = raw.lowercased()
            guard !lower.contains("%2f"), !lower.contains("%5c"), !lower.contains("%00") else { return nil }
        }
        let path = request.path
        guard path.hasPrefix("/"), !path.contains("\\"), !path.utf8.contains(0) else { return nil }
        var segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if segments.last == "" { segments.removeLast() }  // a directory's trailing slash
        // A segment starting with a dot is never served: `.`, `..`, and dotfiles such as `.git/`,
        // `.env` or an editor's `.swp` that someone left in the published tree.
        for segment in segments where segment.isEmpty || segment.hasPrefix(".") { return nil }
        return segments.joined(separator: "/")
    }

    /// The real path of `relative` under the root, or `nil` when it does not exist or resolves
    /// outside the root.
    func resolveInsideRoot(_ relative: String) -> String? {
        let joined = relative.isEmpty ? root : root + "/" + relative
        guard let resolved = Self.resolve(joined) else { return nil }
        return resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") ? resolved : nil
    }

    static func resolve(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    enum Kind { case file, directory, other, missing }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    // MARK: - Files

    /// The response for the file at `path` — full, partial, 304 or 416 — or `nil` if it cannot be
    /// opened as a regular file.
    func serve(_ path: String, status: HTTPStatus, _ request: HTTPRequest) -> HTTPResponse? {
        guard let file = OpenFile(path: path) else { return nil }
        var info = stat()
        guard fstat(file.descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let modified = Int(info.st_mtim.tv_sec)
        let modifiedNanoseconds = modified * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        let etag = "\"\(String(size, radix: 16))-\(String(modifiedNanoseconds, radix: 16))-\(String(UInt64(info.st_ino), radix: 16))\""
        let type = MediaType.forPath(path)
        let revalidate = type.hasPrefix("text/html") || type.hasPrefix("application/json") || type.contains("mpegurl")
        var headers: HTTPHeaders = [
            "Content-Type": type,
            "ETag": etag,
            "Last-Modified": HTTPDate.format(modified),
            "Cache-Control": revalidate ? "no-cache" : "public, max-age=\(assetMaxAge)",
            "Accept-Ranges": "bytes",
        ]
        guard status == .ok else {  // the custom 404 page: no validators, no ranges
            return HTTPResponse(status: status, headers: ["Content-Type": type, "Cache-Control": "no-cache"],
                                body: .file(FileRegion(file: file, offset: 0, length: size)))
        }
        switch Conditions(request.headers, etag: etag, modified: modified) {
        case .preconditionFailed:
            return .error(.preconditionFailed, code: "precondition_failed", message: "If-Match did not match.")
        case .notModified:
            headers.remove("Content-Type")
            return HTTPResponse(status: .notModified, headers: headers)
        case .proceed(let rangeApplies):
            let range = request.method == .get && rangeApplies ? ByteRange(header: request.headers["Range"], size: size) : .whole
            switch range {
            case .whole:
                return HTTPResponse(status: .ok, headers: headers, body: .file(FileRegion(file: file, offset: 0, length: size)))
            case .partial(let first, let last):
                headers["Content-Range"] = "bytes \(first)-\(last)/\(size)"
                return HTTPResponse(status: .partialContent, headers: headers,
                                    body: .file(FileRegion(file: file, offset: first, length: last - first + 1)))
            case .unsatisfiable:
                return HTTPResponse(status: .rangeNotSatisfiable,
                                    headers: ["Content-Range": "bytes */\(size)", "Accept-Ranges": "bytes", "ETag": etag])
            }
        }
    }

    /// 404, with the root's `404.html` as its page when there is one.
    func notFound(_ request: HTTPRequest) -> HTTPResponse {
        if let page = resolveInsideRoot("404.html"), Self.kind(of: page) == .file,
           let response = serve(page, status: .notFound, request) {
            return response
        }
        return .error(.notFound, code: "not_found", message: "Nothing is published at this path.")
    }
}

/// The outcome of a request's preconditions (RFC 9110 §13.2.2), evaluated in the RFC's order.
enum Conditions: Equatable {
    case preconditionFailed
    case notModified
    /// Serve it; `rangeApplies` is false when `If-Range` no longer matches (send it all).
    case proceed(rangeApplies: Bool)

    init(_ headers: HTTPHeaders, etag: String, modified: Int) {
        let tags = headers.listElements(for: "If-Match")
        if !tags.isEmpty && !tags.contains("*") && !tags.contains(etag) {  // strong comparison
            self = .preconditionFailed
            return
        }
        let weak = { (tag: String) in tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }
        let noneMatch = headers.listElements(for: "If-None-Match")
        if !noneMatch.isEmpty {
            if noneMatch.contains("*") || noneMatch.contains(where: { weak($0) == etag }) {
                self = .notModified
                return
            }
        } else if let since = headers["If-Modified-Since"].flatMap(HTTPDate.parse), modified <= since {
            self = .notModified
            return
        }
        guard let condition = headers["If-Range"] else {
            self = .proceed(rangeApplies: true)
            return
        }
        if condition.hasPrefix("\"") || condition.hasPrefix("W/") {
            self = .proceed(rangeApplies: condition == etag)
        } else {
            self = .proceed(rangeApplies: HTTPDate.parse(condition) == modified)
        }
    }
}
