import Foundation
import StudioCore
import Testing
@testable import StudioStore

@Suite struct CollectionStoreTests {
    @Test func libraryEntriesAreIdempotentAndNewestFirst() throws {
        let f = try StoreFixture()
        let a = try f.addTrack(title: "A"), b = try f.addTrack(title: "B")
        let first = try f.store.saveToLibrary(organizationID: f.organization.id, userID: f.member.id, trackID: a.id)
        #expect(first.created)
        f.clock.advance(seconds: 1)
        let again = try f.store.saveToLibrary(organizationID: f.organization.id, userID: f.member.id, trackID: a.id)
        #expect(!again.created && again.entry == first.entry)
        f.clock.advance(seconds: 1)
        _ = try f.store.saveToLibrary(organizationID: f.organization.id, userID: f.member.id, trackID: b.id)
        #expect(try f.store.library(organizationID: f.organization.id, userID: f.member.id).items.map(\.trackID) == [b.id, a.id])
        #expect(try f.store.library(organizationID: f.organization.id, userID: f.owner.id).items.isEmpty, "libraries are per user")
        #expect(try f.store.removeFromLibrary(organizationID: f.organization.id, userID: f.member.id, trackID: a.id))
        #expect(try !f.store.removeFromLibrary(organizationID: f.organization.id, userID: f.member.id, trackID: a.id))
        #expect(try f.store.track(id: a.id) != nil, "removing from the library leaves the track")
    }

    @Test func collectionsKeepOrderCountsAndDuration() throws {
        let f = try StoreFixture()
        let a = try f.addTrack(title: "A", seconds: 60), b = try f.addTrack(title: "B", seconds: 90), c = try f.addTrack(title: "C", seconds: 30)
        let collection = try f.store.createCollection(organizationID: f.organization.id, ownerID: f.owner.id,
                                                      name: "Morning", description: "Slow starts.")
        try f.store.addToCollection(collection.id, trackID: a.id)
        try f.store.addToCollection(collection.id, trackID: b.id)
        try f.store.addToCollection(collection.id, trackID: c.id, position: 0)
        #expect(try f.store.collectionTrackIDs(collection.id) == [c.id, a.id, b.id])
        #expect(throws: StoreError.self) { try f.store.addToCollection(collection.id, trackID: a.id) }
        let read = try #require(try f.store.collection(id: collection.id))
        #expect(read.trackCount == 3 && read.durationSeconds == 180)

        try f.store.reorderCollection(collection.id, trackIDs: [b.id, c.id, a.id])
        #expect(try f.store.collectionTrackIDs(collection.id) == [b.id, c.id, a.id])
        for bad in [[b.id, c.id], [b.id, c.id, a.id, a.id], [b.id, b.id, c.id], [b.id, c.id, "mtrack_other"]] {
            #expect(throws: StoreError.self) { try f.store.reorderCollection(collection.id, trackIDs: bad) }
        }
        #expect(try f.store.collectionTrackIDs(collection.id) == [b.id, c.id, a.id], "a refused reorder changes nothing")

        #expect(try f.store.removeFromCollection(collection.id, trackID: c.id))
        #expect(try f.store.collectionTrackIDs(collection.id) == [b.id, a.id])
        let positions = try f.store.database.query("SELECT position FROM collection_tracks WHERE collection_id = ? ORDER BY position",
                                                   [.text(collection.id)]).compactMap { $0.int("position") }
        #expect(positions == [0, 1], "positions stay dense")

        f.clock.advance(seconds: 5)
        let renamed = try f.store.updateCollection(id: collection.id, name: "Evening", description: .some(nil))
        #expect(renamed?.name == "Evening" && renamed?.description == nil && renamed!.updatedAt > read.updatedAt)
        #expect(try f.store.deleteCollection(id: collection.id))
        #expect(try f.store.track(id: a.id) != nil, "deleting a collection leaves its tracks")
        #expect(try f.store.collectionTrackIDs(collection.id).isEmpty)
    }

    @Test func collectionsAreListedPerOwner() throws {
        let f = try StoreFixture()
        let mine = try f.store.createCollection(organizationID: f.organization.id, ownerID: f.owner.id, name: "Mine", description: nil)
        _ = try f.store.createCollection(organizationID: f.organization.id, ownerID: f.member.id, name: "Theirs", description: nil)
        #expect(try f.store.collections(organizationID: f.organization.id, ownerID: f.owner.id).items.map(\.id) == [mine.id])
    }
}
