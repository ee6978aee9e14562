import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore

/// Share links: created with the token shown once, resolved without authentication, revoked.
extension MusicAPI {
    func shareTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let track = try organizationTrack(context.parameter("track_id"), caller: caller)
        // Every member reads the organization's tracks, so refusing is no secret: 403.
        guard track.creatorID == caller.userID || caller.isOwner else {
            throw APIError.forbidden("Only the track's creator or an organization owner can share it.")
        }
        return try await share(.track(track.id), caller: caller, context: context)
    }

    func shareCollection(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let collection = try ownCollection(context.parameter("collection_id"), caller: caller)
        return try await share(.collection(collection.id), caller: caller, context: context)
    }

    private func share(_ target: ShareLink.Target, caller: Caller, context: RouteContext) async throws -> HTTPResponse {
        let body = try RequestBody(context.request, allowed: ["expires_at"])
        let expiresAt = try body.date("expires_at")
        if let expiresAt, expiresAt <= store.now {
            throw APIError.invalid("`expires_at` must be in the future.", param: "expires_at")
        }
        let id = ObjectID.make(.shareLink)
        let token = Credentials.shareToken(shareID: id, secret: secret)
        let link = try store.createShare(id: id, organizationID: caller.organizationID, creatorID: caller.userID, target: target,
                                         tokenHash: Credentials.hash(token), expiresAt: expiresAt)
        await site.apply(try SiteChange.linksChanged([link], in: store))
        return json(.created, Representations.share(link, token: token, url: shareURL(token)))
    }

    func shareURL(_ token: String) -> String { "\(configuration.baseURL)/s/\(token)/" }

    func revokeShare(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let id = context.parameter("share_id")
        guard ObjectID.isWellFormed(id, kind: .shareLink), let link = try store.share(id: id),
              link.organizationID == caller.organizationID else { throw APIError.notFound("share link") }
        guard link.creatorID == caller.userID || caller.isOwner else {
            // A collection belongs to its user: another member cannot see it, nor its links (CONTRACT §3).
            if case .collection = link.target { throw APIError.notFound("share link") }
            throw APIError.forbidden("Only the link's creator or an organization owner can revoke it.")
        }
        let revoked = try store.revokeShare(id: id) ?? link
        await site.apply(try SiteChange.linksChanged([revoked], in: store))
        return HTTPResponse(status: .noContent)
    }

    /// The live share behind `token`: 404 when there is none, 410 once revoked or expired.
    func liveShare(token: String) throws -> ShareLink {
        guard Credentials.isWellFormedShareToken(token), let link = try store.share(tokenHash: Credentials.hash(token)) else {
            throw APIError.notFound("share link")
        }
        if link.revokedAt != nil { throw APIError.gone("This share link was revoked.", code: "share_revoked") }
        guard link.isLive(at: store.now) else { throw APIError.gone("This share link has expired.", code: "share_expired") }
        return link
    }

    /// `GET /v1/music/shares/{token}`: no authentication; the same JSON as the published mirror,
    /// with signed URLs instead of public ones.
    func resolveShare(_ context: RouteContext) async throws -> HTTPResponse {
        let token = context.parameter("token")
        let link = try liveShare(token: token)
        let now = store.now
        let sign: (TrackFile) -> PlaybackLink = { signer.link(forFile: $0.path, now: now) }
        switch link.target {
        case .track(let id):
            guard let track = try store.track(id: id) else { throw APIError.gone("The shared track was deleted.", code: "share_revoked") }
            return json(.ok, ResolvedShare.track(link, url: shareURL(token), track: Representations.track(track, saved: nil, link: sign)))
        case .collection(let id):
            guard let collection = try store.collection(id: id) else {
                throw APIError.gone("The shared collection was deleted.", code: "share_revoked")
            }
            // Only what the collection's owner may still read (issue #13).
            let view = try store.publicView(of: collection)
            let tracks = view.tracks.map { Representations.track($0, saved: nil, link: sign) }
            return json(.ok, ResolvedShare.collection(link, url: shareURL(token), collection: view.collection, tracks: tracks))
        }
    }

    /// Saves a shared track into the caller's own library, whichever organization shared it;
    /// the track is neither copied nor changed.
    func saveSharedTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let link = try liveShare(token: context.parameter("token"))
        let body = try RequestBody(context.request, allowed: ["track_id"])
        let requested = try body.string("track_id", maxLength: 64)
        let trackID: String
        switch link.target {
        case .track(let id):
            if let requested, requested != id { throw APIError.notFound("track in this share", param: "track_id") }
            trackID = id
        case .collection(let id):
            guard let requested else {
                throw APIError.invalid("`track_id` is required to save a track of a shared collection.", param: "track_id",
                                       code: "missing_field")
            }
            guard let collection = try store.collection(id: id),
                  try store.publicView(of: collection).tracks.contains(where: { $0.id == requested }) else {
                throw APIError.notFound("track in this collection", param: "track_id")
            }
            trackID = requested
        }
        let (entry, created) = try store.saveToLibrary(organizationID: caller.organizationID, userID: caller.userID, trackID: trackID)
        return json(created ? .created : .ok, Representations.libraryEntry(entry))
    }
}
