import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore

/// Decides, before any file of a share is served from `public/`, whether its link is still live
/// (issue #13): `/s/{token}/…` and `/v1/music/shares/{token}/…` — page, mirror, audio — are
/// served only while the state says so, whatever is still on disk. Files lag the state (a
/// publish that failed, a `studio build` in another process, the moment between expiry and the
/// sweep); this check does not.
///
/// The cost is one SHA-256 of the token and one indexed lookup by its hash, the same as the live
/// resolve; every other static path pays nothing.
struct ShareGate: Sendable {
    let store: StateStore
    let outputDirectory: URL
    /// Renders the revoked and expired pages from the theme (`gone.html`); without it, or when
    /// the theme cannot render, a plain page says the same.
    var served: ServedPageResponder? = nil

    enum Verdict: Equatable {
        /// Not a share path: serve it as any other file.
        case notShared
        case live
        case unknown
        case revoked
        case expired
        case deleted
    }

    /// The token a public path belongs to, if it is under a share's directory.
    static func token(inPath path: String) -> String? {
        for prefix in ["/s/", "/v1/music/shares/"] where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            // `/v1/music/shares/{token}` is the live resolve's own route; `/s/{token}` would
            // redirect to the page's directory.
            guard let slash = rest.firstIndex(of: "/") else { return prefix == "/s/" && !rest.isEmpty ? String(rest) : nil }
            return String(rest[..<slash])
        }
        return nil
    }

    func verdict(forPath path: String) -> Verdict {
        guard let token = Self.token(inPath: path) else { return .notShared }
        guard Credentials.isWellFormedShareToken(token),
              let link = try? store.share(tokenHash: Credentials.hash(token)) else { return .unknown }
        if link.revokedAt != nil {
            let exists = switch link.target {
            case .track(let id): (try? store.track(id: id)) != nil
            case .collection(let id): (try? store.collection(id: id)) != nil
            }
            return exists ? .revoked : .deleted
        }
        return link.isLive(at: store.now) ? .live : .expired
    }

    /// The answer for a link that is not live: the error object on the JSON mirror's paths, a
    /// page that says what happened on the share page's.
    func refusal(_ verdict: Verdict, path: String) -> HTTPResponse {
        let (status, code, message): (HTTPStatus, String, String) = switch verdict {
        case .revoked: (.gone, "share_revoked", "This share link was revoked by whoever shared it.")
        case .deleted: (.gone, "share_revoked", "What this link shared was deleted by its owner.")
        case .expired: (.gone, "share_expired", "This share link has expired.")
        default: (.notFound, "not_found", "No share link exists at this address.")
        }
        if path.hasPrefix("/v1/") {
            return MusicAPI.error(status == .gone ? .gone(message, code: code) : .notFound("share link"))
        }
        if status == .notFound, let page = try? Data(contentsOf: outputDirectory.appendingPathComponent("404.html")) {
            return html(.notFound, [UInt8](page))
        }
        if status == .gone, let served {
            do { return try served.gonePage(reason: verdict == .expired ? "expired" : verdict == .deleted ? "deleted" : "revoked",
                                            message: message) } catch {
                FileHandle.standardError.write(Data("studio serve: the gone page: \(error)\n".utf8))
            }
        }
        let title = status == .gone ? (verdict == .expired ? "Link expired" : "Link revoked") : "Not found"
        let body = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(title)</title>
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            <p>\(message) Its page, audio and data are no longer available here.</p>
            </main>
            </body>
            </html>

            """
        return html(status, Array(body.utf8))
    }

    private func html(_ status: HTTPStatus, _ bytes: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"], bytes: bytes)
    }
}
