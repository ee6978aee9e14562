import Foundation
import StudioCore

/// Who may still read a track, and which share links a change reaches (issue #13).
///
/// A track belongs to its organization. Another organization holds it only as a library entry
/// saved through a link, and only while its own organization still shares it: a live track link
/// to it, or a live link to one of its organization's collections holding it. When the last such
/// link is revoked, expires or is deleted, the borrowed copy is gone everywhere — library,
/// collections, their share pages — without touching anyone's library rows, so that sharing it
/// again brings it back.
extension StateStore {
    /// Whether `track`'s own organization shares it through a link open at `now`.
    public func isSharedByItsOrganization(_ track: Track) throws -> Bool {
        try !database.query("""
            SELECT 1 AS one FROM share_links s WHERE s.organization_id = ? AND s.revoked_at IS NULL
            AND (s.expires_at IS NULL OR s.expires_at > ?)
            AND ((s.target_type = 'track' AND s.target_id = ?)
                 OR (s.target_type = 'collection' AND s.target_id IN (SELECT collection_id FROM collection_tracks WHERE track_id = ?)))
            LIMIT 1
            """, [.text(track.organizationID), .integer(nowMilliseconds), .text(track.id), .text(track.id)]).isEmpty
    }

    /// Whether `userID` acting in `organizationID` may read `track`: every member reads their
    /// organization's tracks; a borrowed track needs their library entry and a live link.
    public func canRead(_ track: Track, organizationID: String, userID: String?) throws -> Bool {
        if track.organizationID == organizationID { return true }
        guard let userID, try isSaved(organizationID: organizationID, userID: userID, trackID: track.id) else { return false }
        return try isSharedByItsOrganization(track)
    }

    /// The collection's entries in order, each with its track when the collection's owner may
    /// still read it and nil when not; `positions` (0-based) reads only a page of them.
    public func collectionEntries(_ collection: MusicCollection, positions: Range<Int>? = nil) throws -> [CollectionEntry] {
        let ids = try collectionTrackIDs(collection.id)
        let range = positions.map { $0.clamped(to: 0..<ids.count) } ?? 0..<ids.count
        return try range.compactMap { index in
            let id = ids[index]
            guard let track = try track(id: id) else { return nil }
            let readable = try canRead(track, organizationID: collection.organizationID, userID: collection.ownerID)
            return CollectionEntry(trackID: id, position: index + 1, track: readable ? track : nil)
        }
    }

    /// The collections (of any organization) holding the track.
    public func collectionIDs(containing trackID: String) throws -> [String] {
        try database.query("SELECT collection_id FROM collection_tracks WHERE track_id = ? ORDER BY collection_id",
                           [.text(trackID)]).map { $0.requiredString("collection_id") }
    }

    /// The user's collections in the organization that hold the track.
    public func collectionIDs(containing trackID: String, organizationID: String, ownerID: String) throws -> [String] {
        try database.query("""
            SELECT c.id FROM collections c JOIN collection_tracks ct ON ct.collection_id = c.id
            WHERE ct.track_id = ? AND c.organization_id = ? AND c.owner_id IS ? ORDER BY c.id
            """, [.text(trackID), .text(organizationID), .optional(ownerID)]).map { $0.requiredString("id") }
    }

    /// Every link (live or not) to the target: the ones whose pages a change of it touches.
    public func shares(targeting target: ShareLink.Target) throws -> [ShareLink] {
        try database.query("SELECT * FROM share_links WHERE target_type = ? AND target_id = ? ORDER BY created_at, id",
                           [.text(target.typeName), .text(target.id)]).map(Self.share)
    }

    /// The earliest expiry still ahead of `now` among links not revoked: when the server must
    /// next take a page down.
    public func nextShareExpiry() throws -> Date? {
        try database.query("""
            SELECT MIN(expires_at) AS next FROM share_links WHERE revoked_at IS NULL AND expires_at > ?
            """, [.integer(nowMilliseconds)]).first?.date("next")
    }

    /// Links not revoked that expired after `after` and by `now`: the ones a sweep takes down.
    public func sharesExpired(after: Date) throws -> [ShareLink] {
        try database.query("""
            SELECT * FROM share_links WHERE revoked_at IS NULL AND expires_at > ? AND expires_at <= ? ORDER BY expires_at, id
            """, [.date(after), .integer(nowMilliseconds)]).map(Self.share)
    }
}

/// One place in a collection: the track when its collection's owner may read it, else nil
/// (listed to the owner as unavailable, left out of every public surface).
public struct CollectionEntry: Sendable {
    public let trackID: String
    /// 1-based, counting unavailable entries (the owner reorders and removes by it).
    public let position: Int
    public let track: Track?
}

extension StateStore {
    /// The collection as the public sees it through a link: only the tracks its owner may still
    /// read, and its count and length counted over those alone (a hidden track leaves no trace).
    public func publicView(of collection: MusicCollection) throws -> (collection: MusicCollection, tracks: [Track]) {
        let tracks = try collectionEntries(collection).compactMap(\.track)
        var visible = collection
        visible.trackCount = tracks.count
        visible.durationSeconds = tracks.reduce(0) { $0 + $1.durationSeconds }
        return (visible, tracks)
    }
}
