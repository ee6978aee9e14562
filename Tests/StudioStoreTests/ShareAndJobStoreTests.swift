import Foundation
import StudioCore
import Testing
@testable import StudioStore

@Suite struct ShareStoreTests {
    @Test func sharesAreLiveUntilRevokedOrExpired() throws {
        let f = try StoreFixture()
        let track = try f.addTrack()
        let open = try f.store.createShare(id: ObjectID.make(.shareLink), organizationID: f.organization.id, creatorID: f.owner.id,
                                           target: .track(track.id), tokenHash: "t1", expiresAt: nil)
        let expiring = try f.store.createShare(id: ObjectID.make(.shareLink), organizationID: f.organization.id, creatorID: f.owner.id,
                                               target: .track(track.id), tokenHash: "t2", expiresAt: f.store.now.addingTimeInterval(60))
        #expect(try f.store.share(tokenHash: "t2") == expiring)
        #expect(Set(try f.store.liveShares().map(\.id)) == [open.id, expiring.id])
        f.clock.advance(seconds: 61)
        #expect(try f.store.liveShares().map(\.id) == [open.id])
        #expect(try f.store.share(tokenHash: "t2")?.isLive(at: f.store.now) == false)
        let revoked = try f.store.revokeShare(id: open.id)
        #expect(revoked?.revokedAt != nil)
        f.clock.advance(seconds: 5)
        #expect(try f.store.revokeShare(id: open.id)?.revokedAt == revoked?.revokedAt, "revoking twice keeps the first time")
        #expect(try f.store.liveShares().isEmpty)
        #expect(try f.store.revokeShare(id: "mslink_missing") == nil)
    }

    @Test func aCollectionIsSharedWhileOneOfItsLinksIsLive() throws {
        let f = try StoreFixture()
        let track = try f.addTrack()
        let collection = try f.store.createCollection(organizationID: f.organization.id, ownerID: f.owner.id, name: "Mix", description: nil)
        #expect(try !f.store.hasLiveShare(collectionID: collection.id))
        _ = try f.store.createShare(id: ObjectID.make(.shareLink), organizationID: f.organization.id, creatorID: f.owner.id,
                                    target: .track(track.id), tokenHash: "t1", expiresAt: nil)
        #expect(try !f.store.hasLiveShare(collectionID: collection.id), "a track's link does not share a collection")
        _ = try f.store.createShare(id: ObjectID.make(.shareLink), organizationID: f.organization.id, creatorID: f.owner.id,
                                    target: .collection(collection.id), tokenHash: "t2",
                                    expiresAt: f.store.now.addingTimeInterval(60))
        #expect(try f.store.hasLiveShare(collectionID: collection.id))
        f.clock.advance(seconds: 61)
        #expect(try !f.store.hasLiveShare(collectionID: collection.id))
        let open = try f.store.createShare(id: ObjectID.make(.shareLink), organizationID: f.organization.id, creatorID: f.owner.id,
                                           target: .collection(collection.id), tokenHash: "t3", expiresAt: nil)
        #expect(try f.store.hasLiveShare(collectionID: collection.id))
        try f.store.revokeShare(id: open.id)
        #expect(try !f.store.hasLiveShare(collectionID: collection.id))
    }
}

@Suite struct JobStoreTests {
    func job(_ f: StoreFixture, key: String? = nil) -> GenerationJob {
        GenerationJob(id: ObjectID.make(.generation), organizationID: f.organization.id, userID: f.member.id, status: .queued,
                      engineKey: "lofi-1", prompt: "rain", durationSeconds: 30, params: GenerationParams(bpm: 80, seed: 3, format: .mp3),
                      idempotencyKey: key, requestHash: key.map { "body-\($0)" }, createdAt: f.store.now)
    }

    @Test func workersClaimJobsOnceInOrder() throws {
        let f = try StoreFixture()
        let first = job(f)
        try f.store.createJob(first)
        f.clock.advance(seconds: 1)
        let second = job(f)
        try f.store.createJob(second)
        #expect(try f.store.job(id: first.id) == first)
        let claimed = try f.store.claimNextJob()
        #expect(claimed?.id == first.id && claimed?.status == .running && claimed?.startedAt != nil)
        #expect(try f.store.claimNextJob()?.id == second.id)
        #expect(try f.store.claimNextJob() == nil)

        try f.store.updateProgress(jobID: first.id, progress: 0.5)
        #expect(try f.store.job(id: first.id)?.progress == 0.5)
        let track = try f.addTrack()
        #expect(try f.store.finishJob(id: first.id, status: .succeeded, trackID: track.id))
        #expect(try f.store.job(id: first.id)?.progress == 1)
        #expect(try !f.store.finishJob(id: first.id, status: .failed, error: "late"), "an ended job stays ended")
        #expect(throws: StoreError.self) { try f.store.cancelJob(id: first.id) }

        // A restart finds the second job running: it goes back to the queue, once.
        #expect(try f.store.requeueInterruptedJobs() == 1)
        #expect(try f.store.claimNextJob()?.id == second.id)
        #expect(try f.store.cancelJob(id: second.id)?.status == .cancelled)
        #expect(try !f.store.finishJob(id: second.id, status: .succeeded), "a cancel that won the race is not overwritten")
        #expect(try f.store.cancelJob(id: second.id)?.status == .cancelled, "cancelling again is harmless")
        #expect(try f.store.jobs(organizationID: f.organization.id, status: .cancelled).items.map(\.id) == [second.id])
        #expect(try f.store.jobs(organizationID: f.organization.id).items.map(\.id) == [second.id, first.id])
    }

    @Test func idempotencyKeysAreUniquePerUser() throws {
        let f = try StoreFixture()
        let original = job(f, key: "abc")
        try f.store.createJob(original)
        #expect(try f.store.job(organizationID: f.organization.id, userID: f.member.id, idempotencyKey: "abc") == original)
        #expect(throws: DatabaseError.self) { try f.store.createJob(job(f, key: "abc")) }
        var other = job(f, key: "abc")
        other.userID = f.owner.id
        try f.store.createJob(other)
    }

    @Test func usageCountsJobsSecondsAndStorage() throws {
        let f = try StoreFixture()
        let start = f.store.now
        let done = job(f)
        try f.store.createJob(done)
        var refused = job(f)
        refused.status = .refused
        refused.refusal = .init(code: "quota_exceeded", message: "over")
        try f.store.createJob(refused)
        #expect(try f.store.job(id: refused.id)?.refusal == refused.refusal)
        try f.store.recordUsage(organizationID: f.organization.id, userID: f.member.id, kind: .generation, engineKey: "lofi-1",
                                seconds: 30, reference: done.id)
        try f.store.recordUsage(organizationID: f.organization.id, userID: f.member.id, kind: .focus, engineKey: "ambient-1",
                                seconds: 54, reference: "mfocus_x")
        try f.addTrack()
        let usage = try f.store.usage(organizationID: f.organization.id, from: start, to: f.store.now.addingTimeInterval(1))
        #expect(usage.generations[.queued] == 1 && usage.generations[.refused] == 1 && usage.generations[.succeeded] == 0)
        #expect(usage.generatedSeconds == 30 && usage.focusSeconds == 54)
        #expect(usage.byEngine.map(\.engineKey) == ["ambient-1", "lofi-1"])
        #expect(usage.byEngine.last?.generations == 1)
        #expect(usage.storageBytes == 1300 && usage.tracks == 1)
        #expect(try f.store.generatedSeconds(organizationID: f.organization.id, since: start) == 84)
    }

    @Test func focusSessionsKeepTheirSegments() throws {
        let f = try StoreFixture()
        let session = FocusSession(id: ObjectID.make(.focusSession), organizationID: f.organization.id, userID: f.member.id,
                                   status: .active, engineKey: "ambient-1", prompt: "calm", targetSeconds: 1500, segmentSeconds: 60,
                                   crossfadeSeconds: 6, seed: 9, createdAt: f.store.now)
        try f.store.createFocusSession(session)
        for index in 0..<3 {
            try f.store.saveSegment(sessionID: session.id, FocusSegment(index: index, status: .ready, durationSeconds: 60,
                                                                        path: "focus/\(index).ogg", sizeBytes: 10, createdAt: f.store.now))
        }
        try f.store.saveSegment(sessionID: session.id, FocusSegment(index: 3, status: .rendering, durationSeconds: 60, createdAt: f.store.now))
        let read = try #require(try f.store.focusSession(id: session.id))
        #expect(read.segments.map(\.index) == [0, 1, 2, 3])
        #expect(read.generatedSeconds == 168, "three 60 s segments overlapping by 6 s")
        #expect(try f.store.activeFocusSessionIDs() == [session.id])
        let ended = try f.store.finishFocusSession(id: session.id, status: .ended)
        #expect(ended?.status == .ended && ended?.endedAt != nil)
        #expect(try f.store.finishFocusSession(id: session.id, status: .completed)?.status == .ended)
        #expect(try f.store.activeFocusSessionIDs().isEmpty)
    }
}
