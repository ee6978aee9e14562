import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore
import StudioTemplates

/// `GET /` on `studio serve` (issue #17): what this server is, where its console, API reference
/// and focus player are, and — for the local operator only — the share links it publishes.
///
/// Share pages are unlisted: their tokens are the only thing keeping them private, so the list
/// is shown only to a browser on this machine that did not come through a proxy (a request from
/// loopback with no forwarding header). Anyone else sees the rest of the page and a note saying
/// why the list is missing. The page is rendered per request and never written to `public/`.
struct HomePage: Sendable {
    let store: StateStore
    let secret: [UInt8]
    let siteName: String
    /// The newest shares shown; the page says how many more there are.
    static let listedShares = 200

    /// A browser on this machine, not a client behind a reverse proxy on it.
    static func isLocalOperator(_ request: HTTPRequest) -> Bool {
        request.peerIsLoopback
            && ["Forwarded", "X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host"].allSatisfy { request.headers[$0] == nil }
    }

    func context(for request: HTTPRequest) throws -> TemplateValue {
        let local = Self.isLocalOperator(request)
        var shares: [TemplateValue] = []
        var total = 0
        if local {
            let live = try store.liveShares().sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            total = live.count
            for share in live.prefix(Self.listedShares) {
                guard let item = try describe(share) else { continue }
                shares.append(item)
            }
        }
        return .dictionary([
            "site": ServedPageResponder.site(siteName),
            "home": .dictionary([
                "local": .bool(local), "shares": .array(shares),
                "share_count_text": .string(total == 1 ? "1 live share link" : "\(total) live share links"),
                // null, not 0: a number, even 0, renders a section.
                "more_shares": total > shares.count ? .number(Double(total - shares.count)) : .null,
                "console_url": "/studio/", "api_docs_url": "/docs/api/", "openapi_url": "/v1/openapi.json",
                "focus_url": "/focus/", "health_url": "/healthz",
            ]),
        ])
    }

    /// One share as the list shows it; nil when what it shares is gone.
    private func describe(_ share: ShareLink) throws -> TemplateValue? {
        let title: String, detail: String
        switch share.target {
        case .track(let id):
            guard let track = try store.track(id: id) else { return nil }
            title = track.title
            detail = "Track · \(DurationText.format(seconds: track.durationSeconds))"
        case .collection(let id):
            guard let collection = try store.collection(id: id) else { return nil }
            title = collection.name
            detail = "Collection · \(collection.trackCount) tracks, \(DurationText.format(seconds: collection.durationSeconds))"
        }
        let token = Credentials.shareToken(shareID: share.id, secret: secret)
        return .dictionary([
            "id": .string(share.id), "title": .string(title), "detail": .string(detail), "url": .string("/s/\(token)/"),
            "kind": .string(share.target.typeName), "organization_id": .string(share.organizationID),
            "created_at": .string(Timestamp.rfc3339(share.createdAt)), "created_text": .string(Self.day(share.createdAt)),
            "expires_text": share.expiresAt.map { .string("expires \(Self.day($0))") } ?? .null,
        ])
    }

    /// "2026-12-08 03:10 UTC": the same for every reader of the page.
    static func day(_ date: Date) -> String {
        let text = Timestamp.rfc3339(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }
}
