import Foundation
import StudioCore
import StudioHTTP
import Synchronization

/// The browser's side of `studio serve --watch`: open pages hear about every rebuild over
/// server-sent events at `/_studio/reload`, and reload when the rebuild changed them, or show the
/// problems of a failed rebuild over themselves until a rebuild succeeds.
///
/// Pages learn of it from one `<script src="/_studio/reload.js">` added to each HTML page as it
/// is served, only while watching: nothing of it is ever written to `public/`, so a site copied
/// to a static host never carries it. It is a file of its own, not an inline script, so that the
/// pages' Content-Security-Policy (`SiteSecurityHeaders`) allows it as `'self'`, with no hash to add.
///
/// Events: `reload` with `{"changed": [site paths]}` after each successful rebuild (`/s/{token}/`
/// for a page, `/assets/style.css` for a file); `error` with `{"problems": [...], "summary": …}`,
/// one `file:line:column: message` each, after a failed one — and at once to a page that connects
/// while the last rebuild is failed.
public final class LiveReload: Sendable {
    public static let eventsPath = "/_studio/reload"
    public static let scriptPath = "/_studio/reload.js"
    /// A comment this often keeps proxies from timing a quiet stream out and finds a page that has gone.
    static let heartbeat: Duration = .seconds(15)
    static let tag = Array("<script src=\"\(scriptPath)\"></script>\n".utf8)

    private struct Listeners {
        var next = 0
        var open: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
        /// The last rebuild's `error` event; nil when it succeeded.
        var failure: [UInt8]?
    }

    private let listeners = Mutex(Listeners())

    public init() {}

    /// Pages open at the moment (tests; the terminal's summary of a rebuild).
    public var openPages: Int { listeners.withLock { $0.open.count } }

    /// A rebuild succeeded: the pages at `changed` (site paths) reload; every overlay goes.
    public func rebuilt(changed: [String]) {
        let event = Self.event("reload", .object(["changed": .array(changed.map(JSONValue.string))]))
        broadcast(event) { $0.failure = nil }
    }

    /// A rebuild failed: every open page shows `problems`, and `summary` (what the failure left
    /// as it was), until a rebuild succeeds.
    public func failed(problems: [String], summary: String) {
        let event = Self.failure(problems: problems, summary: summary)
        broadcast(event) { $0.failure = event }
    }

    /// The site path a file of `public/` is served at: `s/abc/index.html` is the page `/s/abc/`.
    public static func sitePath(ofPublished file: String) -> String {
        if file == "index.html" { return "/" }
        if file.hasSuffix("/index.html") { return "/" + file.dropLast("index.html".count) }
        return "/" + file
    }

    /// The answer for `/_studio/…`, or nil for any other path.
    func respond(to request: HTTPRequest) -> HTTPResponse? {
        switch request.path {
        case Self.eventsPath:
            guard request.method == .get || request.method == .head else { return MusicAPI.error(.methodNotAllowed([.get, .head])) }
            return events(request)
        case Self.scriptPath:
            guard request.method == .get || request.method == .head else { return MusicAPI.error(.methodNotAllowed([.get, .head])) }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store"],
                                bytes: Array(LiveReloadScript.source.utf8))
        default:
            return request.path.hasPrefix("/_studio/") ? MusicAPI.error(.notFound("page")) : nil
        }
    }

    /// The request as the static files see it while watching: without validators, so that a
    /// browser never keeps a page from before the watch (a 304 would leave it without the script).
    func uncached(_ request: HTTPRequest) -> HTTPRequest {
        var request = request
        request.headers.remove("If-None-Match")
        request.headers.remove("If-Modified-Since")
        return request
    }

    /// `response` with the script's tag before `</body>` when it is a whole HTML page (a share
    /// page, the 404 page, a revoked link's page); anything else unchanged. The page is sent with
    /// `no-store` and no validators, so that a reload always fetches it again.
    func injectingScript(into response: HTTPResponse) -> HTTPResponse {
        guard [HTTPStatus.ok, .notFound, .gone].contains(response.status),
              response.headers["Content-Type"]?.hasPrefix("text/html") == true else { return response }
        let html: [UInt8]
        switch response.body {
        case .bytes(let bytes): html = bytes
        case .file(let region):
            guard let bytes = SiteSecurityHeaders.read(region) else { return response }
            html = bytes
        case .stream: return response
        }
        var page = html
        let at = Self.lastBodyEnd(in: html) ?? html.count
        page.insert(contentsOf: Self.tag, at: at)
        var response = response
        response.body = .bytes(page)
        for name in ["ETag", "Last-Modified", "Accept-Ranges"] { response.headers.remove(name) }
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    /// Where the last `</body` starts (ASCII case-insensitive), if the page has one.
    static func lastBodyEnd(in html: [UInt8]) -> Int? {
        let needle = Array("</body".utf8)
        guard html.count >= needle.count else { return nil }
        for start in stride(from: html.count - needle.count, through: 0, by: -1) {
            var matched = true
            for offset in 0..<needle.count {
                var byte = html[start + offset]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
                if byte != needle[offset] { matched = false; break }
            }
            if matched { return start }
        }
        return nil
    }

    private func events(_ request: HTTPRequest) -> HTTPResponse {
        let headers: HTTPHeaders = ["Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store",
                                    "X-Accel-Buffering": "no"]
        if request.method == .head {
            return HTTPResponse(status: .ok, headers: headers, body: .stream(ResponseStream(AsyncStream { $0.finish() })))
        }
        let (chunks, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .unbounded)
        // Where a reconnecting page should wait before trying again (the server restarting).
        continuation.yield(Array("retry: 1000\n\n".utf8))
        let id = listeners.withLock { listeners in
            listeners.next += 1
            listeners.open[listeners.next] = continuation
            if let failure = listeners.failure { continuation.yield(failure) }
            return listeners.next
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.heartbeat)
                continuation.yield(Array(": heartbeat\n\n".utf8))
            }
        }
        continuation.onTermination = { [weak self] _ in
            heartbeat.cancel()
            _ = self?.listeners.withLock { $0.open.removeValue(forKey: id) }
        }
        return HTTPResponse(status: .ok, headers: headers, body: .stream(ResponseStream(chunks)))
    }

    private func broadcast(_ event: [UInt8], update: (inout Listeners) -> Void) {
        listeners.withLock { listeners in
            update(&listeners)
            for continuation in listeners.open.values { continuation.yield(event) }
        }
    }

    private static func failure(problems: [String], summary: String) -> [UInt8] {
        event("error", .object(["problems": .array(problems.map(JSONValue.string)), "summary": .string(summary)]))
    }

    private static func event(_ name: String, _ data: JSONValue) -> [UInt8] {
        Array("event: \(name)\ndata: \(data.serialized())\n\n".utf8)
    }
}
