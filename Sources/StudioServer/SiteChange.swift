import Foundation
import StudioCore
import StudioStore

/// What an API change touches on the published site, so that `SiteRefresher` republishes those
/// pages and no others (issue #13).
///
/// Three kinds of reach: the links themselves (created, revoked, expired); collections whose
/// content changed (each of their links); and tracks whose *reach* changed — whether their own
/// organization still shares them, which decides whether another organization's collection may
/// still show them (`StateStore.canRead`), so those collections' links are republished too.
struct SiteChange: Sendable {
    var shares: [ShareLink] = []
    var collections: Set<String> = []
    var reachOf: Set<String> = []

    /// Links created, revoked or expired: themselves, and the reach of what they share.
    static func linksChanged(_ links: [ShareLink], in store: StateStore) throws -> SiteChange {
        var change = SiteChange(shares: links)
        for link in links {
            switch link.target {
            case .track(let id): change.reachOf.insert(id)
            case .collection(let id): change.reachOf.formUnion(try store.collectionTrackIDs(id))
            }
        }
        return change
    }

    /// Every link whose files this change may alter, as the state holds them now.
    func links(in store: StateStore) throws -> [ShareLink] {
        var result = try shares.map { try store.share(id: $0.id) ?? $0 }
        var collectionIDs = collections
        for trackID in reachOf {
            guard let track = try store.track(id: trackID) else { continue }
            for id in try store.collectionIDs(containing: trackID) where !collectionIDs.contains(id) {
                // A collection of the track's own organization shows it whatever its reach.
                if let collection = try store.collection(id: id), collection.organizationID != track.organizationID {
                    collectionIDs.insert(id)
                }
            }
        }
        for id in collectionIDs.sorted() {
            result += try store.shares(targeting: .collection(id))
        }
        return result
    }
}
