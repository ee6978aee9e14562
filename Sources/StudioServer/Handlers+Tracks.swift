import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore

/// Tracks and the caller's library.
extension MusicAPI {
    /// The caller's library, most recently saved first: each track with `saved_at`.
    func listLibrary(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let page = try Pagination(context.request)
        let entries = try store.library(organizationID: caller.organizationID, userID: caller.userID, page: page.request)
        let items = try entries.items.compactMap { entry -> JSONValue? in
            guard let track = try store.track(id: entry.trackID) else { return nil }
            let saved: [String: JSONValue] = ["saved_at": JSONValue(entry.savedAt), "library_entry_id": .string(entry.id)]
            // Borrowed through a link that is gone: listed, so that it can be removed, but empty (issue #13).
            guard try store.canRead(track, organizationID: caller.organizationID, userID: caller.userID),
                  case .object(var fields) = try trackJSON(track, caller: caller) else {
                return Representations.unavailableTrack(id: track.id, extra: saved)
            }
            fields.merge(saved) { $1 }
            fields["available"] = true
            return .object(fields)
        }
        return json(.ok, Representations.list(items, nextCursor: entries.next?.token))
    }

    func getTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let track = try readableTrack(context.parameter("track_id"), caller: caller)
        return json(.ok, try trackJSON(track, caller: caller))
    }

    func saveTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        _ = try RequestBody(context.request, allowed: [])
        let track = try readableTrack(context.parameter("track_id"), caller: caller)
        let (entry, created) = try store.saveToLibrary(organizationID: caller.organizationID, userID: caller.userID, trackID: track.id)
        return json(created ? .created : .ok, Representations.libraryEntry(entry))
    }

    /// Removes a saved track, readable or not (one borrowed through a link that is gone is
    /// still the caller's to remove). A borrowed track leaves the caller's collections' pages.
    func unsaveTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let id = context.parameter("track_id")
        guard ObjectID.isWellFormed(id, kind: .track), let track = try store.track(id: id),
              try store.removeFromLibrary(organizationID: caller.organizationID, userID: caller.userID, trackID: id) else {
            throw APIError.notFound("saved track")
        }
        if track.organizationID != caller.organizationID {
            let collections = try store.collectionIDs(containing: id, organizationID: caller.organizationID, ownerID: caller.userID)
            if !collections.isEmpty { await site.apply(SiteChange(collections: Set(collections))) }
        }
        return HTTPResponse(status: .noContent)
    }

    /// Deletes the track everywhere: libraries, collections, share links (revoked, 410), its
    /// public page; its audio files are removed unless another track shares them (the cache is
    /// content-addressed).
    func deleteTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let track = try organizationTrack(context.parameter("track_id"), caller: caller)
        guard track.creatorID == caller.userID || caller.isOwner else {
            throw APIError.forbidden("Only the track's creator or an organization owner can delete it.")
        }
        // The collections holding it (of any organization) lose it: their pages follow.
        let collections = try store.collectionIDs(containing: track.id)
        try store.deleteTrack(id: track.id)
        try removeUnusedAudio(of: track)
        await site.apply(SiteChange(shares: try store.shares(targeting: .track(track.id)), collections: Set(collections)))
        return HTTPResponse(status: .noContent)
    }

    private func removeUnusedAudio(of track: Track) throws {
        for file in track.files where try !store.isFileInUse(file.path) {
            try? FileManager.default.removeItem(at: configuration.rendersDirectory.appendingPathComponent(file.path))
        }
    }
}
