import Foundation
import StudioCore
import StudioHTTP
import StudioPublish
import StudioTemplates

/// The pages `studio serve` renders itself, from the site's theme, instead of reading them from
/// `public/` (issue #17): the home page at `/`, the API reference at `/docs/api/`, and the page
/// a revoked or expired share link answers with. None of them is ever published: a static host
/// has no API to document and must not list the shares.
struct ServedPageResponder: Sendable {
    let pages: ServedPages
    let home: HomePage
    /// Rendered once: the OpenAPI document does not change while the server runs.
    let apiReference: TemplateValue

    /// The `site` every served page gets; its assets are the published ones at the root.
    static func site(_ name: String) -> TemplateValue {
        .dictionary(["name": .string(name), "assets_url": "/assets", "generator": "Music Studio"])
    }

    /// The answer for `request` when its path is one of these pages; nil for every other path.
    func response(to request: HTTPRequest) -> HTTPResponse? {
        let template: String
        switch request.path {
        case "/": template = "home"
        case "/docs/api/", "/docs/api/index.html": template = "api"
        case "/docs/api": return HTTPResponse(status: .movedPermanently, headers: ["Location": "/docs/api/"], bytes: [])
        default: return nil
        }
        guard request.method == .get || request.method == .head else { return MusicAPI.error(.methodNotAllowed([.get, .head])) }
        do {
            let context = template == "home" ? try home.context(for: request) : apiReference
            // The home page lists share links: no cache, shared or private, may keep it.
            return page(.ok, try pages.render(template, context), cache: template == "home" ? "no-store" : "no-cache")
        } catch {
            FileHandle.standardError.write(Data("studio serve: the \(template) page: \(error)\n".utf8))
            return MusicAPI.error(.internalError)
        }
    }

    /// The page of a link that no longer works: `reason` "revoked", "deleted" or "expired".
    func gonePage(reason: String, message: String) throws -> HTTPResponse {
        let title = reason == "expired" ? "This link has expired" : "This link was revoked"
        let context: TemplateValue = .dictionary([
            "site": Self.site(home.siteName),
            "gone": .dictionary(["reason": .string(reason), "title": .string(title), "message": .string(message),
                                 "expired": .bool(reason == "expired")]),
        ])
        return page(.gone, try pages.render("gone", context), cache: "no-store")
    }

    private func page(_ status: HTTPStatus, _ html: String, cache: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": cache], bytes: Array(html.utf8))
    }
}
