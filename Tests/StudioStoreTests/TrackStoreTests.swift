import Foundation
import StudioCore
import Testing
@testable import StudioStore

@Suite struct TrackStoreTests {
    @Test func aTrackRoundTripsEveryField() throws {
        let f = try StoreFixture()
        var track = f.makeTrack()
        track.seed = .max
        try f.store.saveTrack(track)
        var read = try #require(try f.store.track(id: track.id))
        // Peaks are kept to 16 bits: within 1/65535 of what was written.
        #expect(read.peaks.count == track.peaks.count)
        #expect(zip(read.peaks, track.peaks).allSatisfy { abs($0 - $1) <= 1 / 65_535 })
        read.peaks = track.peaks
        #expect(read == track)
        #expect(read.mix?.format == .flac)
        #expect(read.stems.map(\.stem) == ["bass"])
        #expect(read.sizeBytes == 1300)
    }

    @Test func savingAgainReplacesInPlaceKeepingIdAndCreation() throws {
        let f = try StoreFixture()
        let track = try f.addTrack()
        var changed = track
        changed.prompt = "cold pads"
        changed.inputHash = "h-new"
        changed.files = [TrackFile(role: .mix, stem: nil, format: .mp3, path: "renders/x.mp3", sizeBytes: 5)]
        changed.format = .mp3
        changed.updatedAt = f.store.now
        try f.store.saveTrack(changed)
        let read = try #require(try f.store.track(id: track.id))
        #expect(read.prompt == "cold pads" && read.inputHash == "h-new")
        #expect(read.files.count == 1 && read.mix?.format == .mp3)
        #expect(read.createdAt == track.createdAt)
        #expect(try f.store.tracks(organizationID: f.organization.id).items.count == 1)
    }

    @Test func deletingATrackLeavesLibrariesAndCollectionsAndRevokesItsShares() throws {
        let f = try StoreFixture()
        let a = try f.addTrack(title: "A"), b = try f.addTrack(title: "B"), c = try f.addTrack(title: "C")
        let collection = try f.store.createCollection(organizationID: f.organization.id, ownerID: f.owner.id, name: "Mix", description: nil)
        for track in [a, b, c] { try f.store.addToCollection(collection.id, trackID: track.id) }
        _ = try f.store.saveToLibrary(organizationID: f.organization.id, userID: f.member.id, trackID: b.id)
        let share = try f.store.createShare(id: ObjectID.make(.shareLink), organizationID: f.organization.id, creatorID: f.owner.id,
                                            target: .track(b.id), tokenHash: "t-b", expiresAt: nil)
        try f.store.bind(organizationID: f.organization.id, kind: .track, name: "b", objectID: b.id)

        let deleted = try f.store.deleteTrack(id: b.id)
        #expect(deleted?.id == b.id)
        #expect(try f.store.track(id: b.id) == nil)
        #expect(try f.store.collectionTrackIDs(collection.id) == [a.id, c.id])
        #expect(try f.store.collection(id: collection.id)?.trackCount == 2)
        #expect(try f.store.library(organizationID: f.organization.id, userID: f.member.id).items.isEmpty)
        #expect(try f.store.share(id: share.id)?.revokedAt != nil, "the link answers 410 rather than 404")
        #expect(try f.store.binding(organizationID: f.organization.id, kind: .track, name: "b") == nil)
        #expect(try f.store.deleteTrack(id: b.id) == nil)
        #expect(try f.store.integrityCheck() == "ok")
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let f = try StoreFixture()
        var track = f.makeTrack()
        track.organizationID = "org_doesnotexist0000000000"
        #expect(throws: DatabaseError.self) { try f.store.saveTrack(track) }
        #expect(try f.store.track(id: track.id) == nil)
        let orphanFiles = try f.store.database.query("SELECT COUNT(*) AS n FROM track_files").first?.int("n")
        #expect(orphanFiles == 0)
    }

    @Test func pagesAreStableAndComplete() throws {
        let f = try StoreFixture()
        var made: [String] = []
        for index in 0..<7 { made.append(try f.addTrack(title: "T\(index)").id) }
        var seen: [String] = []
        var cursor: PageCursor?
        repeat {
            let page = try f.store.tracks(organizationID: f.organization.id, page: PageRequest(limit: 3, after: cursor))
            #expect(page.items.count <= 3)
            seen += page.items.map(\.id)
            cursor = page.next
            // A track added while paging does not shift what the next page returns.
            if seen.count == 3 { try f.addTrack(title: "late") }
        } while cursor != nil
        #expect(seen == made.reversed(), "newest first, each exactly once")
        #expect(PageCursor(token: PageCursor(time: 5, id: "mtrack_x").token) == PageCursor(time: 5, id: "mtrack_x"))
        for garbage in ["", "x", "12", "12.", ".a", "12.a b", "99999999999999999999.a", "1.' OR 1=1 --"] {
            #expect(PageCursor(token: garbage) == nil, "\(garbage)")
        }
    }
}
