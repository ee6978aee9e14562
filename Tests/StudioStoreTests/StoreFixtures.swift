import Foundation
import StudioCore
import StudioStore
import Synchronization

/// A clock the test moves by hand, so that ordering and expiry never depend on timing.
final class TestClock: Sendable {
    private let milliseconds = Mutex<Int64>(1_764_000_000_000)

    var now: Date { Timestamp.date(milliseconds: milliseconds.withLock { $0 }) }

    func advance(seconds: Double) {
        milliseconds.withLock { $0 += Int64(seconds * 1000) }
    }
}

/// A store with one organization, an owner and a member, on a test clock.
struct StoreFixture {
    let clock = TestClock()
    let store: StateStore
    let organization: Organization
    let owner: User
    let member: User

    init() throws {
        let clock = clock
        store = try StateStore(inMemoryWithClock: { clock.now })
        organization = try store.createOrganization(name: "Demo", slug: "demo")
        owner = try store.createUser(email: "owner@example.com", tokenHash: "hash-owner")
        member = try store.createUser(email: "member@example.com", tokenHash: "hash-member")
        try store.addMember(organizationID: organization.id, userID: owner.id, role: .owner)
        try store.addMember(organizationID: organization.id, userID: member.id, role: .member)
    }

    /// A track as a render would describe it, with a mix and one stem.
    func makeTrack(title: String = "Sunrise", seconds: Double = 90, seed: UInt64 = 7) -> Track {
        let id = ObjectID.make(.track)
        return Track(id: id, organizationID: organization.id, creatorID: owner.id, title: title, engineKey: "ambient-1",
                     engineVersion: "2.0.0+sf.abc", prompt: "warm pads", durationSeconds: seconds, bpm: 64, key: "D major",
                     seed: seed, source: .recipe(file: "demo.json5", name: title.lowercased()),
                     licence: LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: true, attribution: "Samples by X"),
                     format: .flac, sampleRate: 48_000, channels: 2, loudnessLUFS: -14.1, truePeakDBTP: -1.6,
                     peaks: [0, 0.25, 1], files: [
                        TrackFile(role: .mix, stem: nil, format: .flac, path: "renders/\(id).flac", sizeBytes: 1000),
                        TrackFile(role: .stem, stem: "bass", format: .flac, path: "renders/\(id).bass.flac", sizeBytes: 300),
                     ], inputHash: "h-\(title)", createdAt: store.now, updatedAt: store.now)
    }

    @discardableResult
    func addTrack(title: String = "Sunrise", seconds: Double = 90) throws -> Track {
        let track = makeTrack(title: title, seconds: seconds)
        try store.saveTrack(track)
        clock.advance(seconds: 1)
        return track
    }
}
