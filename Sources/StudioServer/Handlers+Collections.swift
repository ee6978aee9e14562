import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore

/// Collections: a user's ordered lists of tracks.
extension MusicAPI {
    func createCollection(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let body = try RequestBody(context.request, allowed: ["name", "description"])
        let name = try Self.collectionName(body, required: true)!
        let collection = try store.createCollection(organizationID: caller.organizationID, ownerID: caller.userID, name: name,
                                                    description: try body.string("description", maxLength: 2000,
                                                                                 allowing: TextRules.multiLine))
        return json(.created, Representations.collection(collection))
    }

    static func collectionName(_ body: RequestBody, required: Bool) throws -> String? {
        guard let name = try body.string("name", required: required, maxLength: 200) else { return nil }
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.invalid("`name` must not be empty.", param: "name")
        }
        return name
    }

    func listCollections(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let page = try Pagination(context.request)
        if try isRecipeOwner(caller) { try store.adoptOwnerlessCollections(organizationID: caller.organizationID, ownerID: caller.userID) }
        let collections = try store.collections(organizationID: caller.organizationID, ownerID: caller.userID, page: page.request)
        return json(.ok, Representations.list(collections.items.map(Representations.collection), nextCursor: collections.next?.token))
    }

    func getCollection(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        return json(.ok, Representations.collection(try ownCollection(context.parameter("collection_id"), caller: caller)))
    }

    func updateCollection(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let collection = try ownCollection(context.parameter("collection_id"), caller: caller)
        let body = try RequestBody(context.request, allowed: ["name", "description"])
        let name = try Self.collectionName(body, required: false)
        // Absent leaves the description alone; `null` clears it.
        let description: String?? = body.isPresent("description")
            ? .some(try body.string("description", maxLength: 2000, allowing: TextRules.multiLine)) : nil
        let updated = try store.updateCollection(id: collection.id, name: name, description: description) ?? collection
        await refreshIfShared(collectionID: collection.id)
        return json(.ok, Representations.collection(updated))
    }

    func deleteCollection(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let collection = try ownCollection(context.parameter("collection_id"), caller: caller)
        let shared = try isShared(collectionID: collection.id)
        let tracks = try store.collectionTrackIDs(collection.id)
        try store.deleteCollection(id: collection.id)
        // Its links are revoked now; the tracks it shared may have lost their last link.
        if shared {
            await site.apply(SiteChange(shares: try store.shares(targeting: .collection(collection.id)), reachOf: Set(tracks)))
        }
        return HTTPResponse(status: .noContent)
    }

    func addCollectionTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let collection = try ownCollection(context.parameter("collection_id"), caller: caller)
        let body = try RequestBody(context.request, allowed: ["track_id", "position"])
        let trackID = try body.string("track_id", required: true, maxLength: 64)!
        let count = try store.collectionTrackIDs(collection.id).count
        // Positions are 1-based in the API, as `position` in the list is.
        let position = try body.integer("position", in: 1...(count + 1))
        let track = try readableTrack(trackID, caller: caller)
        do {
            try store.addToCollection(collection.id, trackID: track.id, position: position.map { $0 - 1 })
        } catch StoreError.conflict {
            throw APIError.conflict("The track is already in this collection.", code: "already_in_collection")
        }
        await refreshIfShared(collectionID: collection.id, reachOf: [track.id])
        let ids = try store.collectionTrackIDs(collection.id)
        let at = (ids.firstIndex(of: track.id) ?? 0) + 1
        return json(.created, Representations.collectionTrack(try trackJSON(track, caller: caller), position: at))
    }

    func removeCollectionTrack(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let collection = try ownCollection(context.parameter("collection_id"), caller: caller)
        guard try store.removeFromCollection(collection.id, trackID: context.parameter("track_id")) else {
            throw APIError.notFound("track in this collection")
        }
        await refreshIfShared(collectionID: collection.id, reachOf: [context.parameter("track_id")])
        return HTTPResponse(status: .noContent)
    }

    func listCollectionTracks(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let collection = try ownCollection(context.parameter("collection_id"), caller: caller)
        let page = try Pagination(context.request)
        // Pages by position: the cursor's "time" is the last position returned.
        let start = page.request.after.map { Int($0.time) } ?? 0
        guard start >= 0, page.request.after.map({ $0.id == collection.id }) ?? true else {
            throw APIError.malformed("`cursor` is not a cursor this list returned.", param: "cursor")
        }
        // Clamped first, so that no cursor value can overflow the sum.
        let count = collection.trackCount, lower = min(start, count), end = min(lower + page.request.limit, count)
        let slice = try store.collectionEntries(collection, positions: lower..<end)
        // A track the owner may no longer read is listed by id and position only (issue #13).
        let items = try slice.map { entry -> JSONValue in
            guard let track = entry.track else {
                return Representations.unavailableTrack(id: entry.trackID, extra: ["position": .number(Double(entry.position))])
            }
            return Representations.collectionTrack(try trackJSON(track, caller: caller), position: entry.position)
        }
        let next = end < count ? PageCursor(time: Int64(end), id: collection.id).token : nil
        return json(.ok, Representations.list(items, nextCursor: next))
    }

    /// The most ids a reorder takes (the OpenAPI document's `maxItems` is this constant): a
    /// collection of more tracks than that cannot be reordered in one request.
    static let maximumReorderCount = 10_000

    func reorderCollection(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let collection = try ownCollection(context.parameter("collection_id"), caller: caller)
        let body = try RequestBody(context.request, allowed: ["track_ids"])
        let ids = try body.strings("track_ids", required: true, maxCount: Self.maximumReorderCount)!
        do { try store.reorderCollection(collection.id, trackIDs: ids) } catch StoreError.invalid(let message) {
            throw APIError.invalid(message, param: "track_ids", code: "not_a_permutation")
        }
        await refreshIfShared(collectionID: collection.id)
        return json(.ok, Representations.collection(try store.collection(id: collection.id) ?? collection))
    }

    func isShared(collectionID: String) throws -> Bool {
        try store.hasLiveShare(collectionID: collectionID)
    }

    /// A shared collection's page and mirror follow it at once (issue #6). A track added to or
    /// removed from a shared collection gains or loses a link (`reachOf`), which other
    /// organizations' collections borrowing it follow too.
    func refreshIfShared(collectionID: String, reachOf tracks: Set<String> = []) async {
        if (try? isShared(collectionID: collectionID)) == true {
            await site.apply(SiteChange(collections: [collectionID], reachOf: tracks))
        }
    }
}
