import Foundation
import StudioAPI
import StudioCore
import StudioPublish
import StudioStore
import Testing

@Suite struct PublisherTests {
    @Test func publishesOnlySharedItemsWithPagesAudioAndMirrors() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let shared = try f.addTrack("Night Bus", licence: LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: true,
                                                                       attribution: "Samples by Frank"))
        let privateTrack = try f.addTrack("Private Demo")
        let (share, token) = try f.share(.track(shared.id))
        let report = try f.publisher.publish()
        #expect(report.pages == 1)

        let page = try #require(f.read("s/\(token)/index.html"))
        #expect(page.contains("noindex"))
        #expect(page.contains("Night Bus"))
        #expect(page.contains("Samples by Frank"), "required attribution is on the page")
        #expect(page.contains("og:audio\" content=\"https://music.example/s/\(token)/night-bus.mp3"))
        #expect(page.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"), "the prompt is escaped")
        #expect(page.contains("<svg class=\"waveform__bars\""), "the waveform is inline SVG")
        #expect(f.read("s/\(token)/night-bus.mp3") == "ID3 audio of Night Bus")

        let mirror = try JSONValue.parse(Data(try #require(f.read("v1/music/shares/\(token)/index.json")).utf8))
        #expect(mirror["share_id"]?.string == share.id && mirror["target_type"]?.string == "track")
        #expect(mirror["url"]?.string == "https://music.example/s/\(token)/")
        let track = try #require(mirror["track"])
        #expect(track["id"]?.string == shared.id)
        #expect(track["playback"]?["url"]?.string == "https://music.example/s/\(token)/night-bus.mp3")
        #expect(track["playback"]?["expires_at"] == .null, "public URLs do not expire")
        #expect(track["licence_class"]?.string == "commercial_cleared" && track["commercial_use"]?.bool == true)
        #expect(track["requires_attribution"]?.bool == true && track["attribution"]?.string == "Samples by Frank")

        let everything = f.files().joined(separator: "\n")
        #expect(!everything.contains("private-demo"), "an unshared track is never published")
        #expect(!everything.contains(privateTrack.id))
        for file in f.files() where !file.hasSuffix(".mp3") {
            #expect(!(f.read(file) ?? "").contains("private-file-name"), "\(file) leaks the recipe file name")
        }
        #expect(f.exists("404.html") && f.exists("robots.txt") && f.exists("assets/style.css") && f.exists("focus/index.html"))
        #expect(f.exists("v1/music/engines/index.json"))
        #expect(!f.files().contains { $0.contains(".tmp") }, "no temporary file is left behind")
    }

    @Test func aSecondPublishWritesNothingAndDeletedOutputComesBackIdentical() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let a = try f.addTrack("A"), b = try f.addTrack("B")
        let collection = try f.store.createCollection(organizationID: f.organization.id, ownerID: nil, name: "Both", description: nil)
        try f.store.addToCollection(collection.id, trackID: a.id)
        try f.store.addToCollection(collection.id, trackID: b.id)
        _ = try f.share(.collection(collection.id))
        _ = try f.share(.track(a.id))
        let first = try f.publisher.publish()
        #expect(!first.written.isEmpty)
        let snapshot = try f.files().map { ($0, try Data(contentsOf: f.output.appendingPathComponent($0))) }

        let second = try f.publisher.publish()
        #expect(second.written.isEmpty && second.removed.isEmpty, "no change, no write: \(second.written)")
        #expect(second.unchanged == first.written.count)

        try FileManager.default.removeItem(at: f.output)
        _ = try f.publisher.publish()
        let rebuilt = try f.files().map { ($0, try Data(contentsOf: f.output.appendingPathComponent($0))) }
        #expect(rebuilt.map(\.0) == snapshot.map(\.0), "same files at the same paths: tokens are derived, not stored")
        #expect(zip(rebuilt, snapshot).allSatisfy { $0.1 == $1.1 }, "byte for byte")
    }

    @Test func collectionsFollowTheirOrderAndRevokedOrExpiredLinksDisappear() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let a = try f.addTrack("Alpha"), b = try f.addTrack("Beta")
        let collection = try f.store.createCollection(organizationID: f.organization.id, ownerID: nil, name: "Mix", description: "Two")
        try f.store.addToCollection(collection.id, trackID: a.id)
        try f.store.addToCollection(collection.id, trackID: b.id)
        let (collectionShare, collectionToken) = try f.share(.collection(collection.id))
        let (_, expiringToken) = try f.share(.track(b.id), expiresAt: f.store.now.addingTimeInterval(-1))
        _ = try f.publisher.publish()
        #expect(!f.exists("s/\(expiringToken)/index.html"), "an expired link is never published")

        func order() throws -> [String] {
            let json = try JSONValue.parse(Data(try #require(f.read("v1/music/shares/\(collectionToken)/index.json")).utf8))
            return json["collection"]?["tracks"]?.array?.compactMap { $0["title"]?.string } ?? []
        }
        #expect(try order() == ["Alpha", "Beta"])
        #expect(f.read("s/\(collectionToken)/playlist.m3u")?.contains("01-alpha.mp3\n") == true)
        let page = try #require(f.read("s/\(collectionToken)/index.html"))
        #expect(try #require(page.range(of: "Alpha")).lowerBound < (try #require(page.range(of: "Beta"))).lowerBound)

        try f.store.reorderCollection(collection.id, trackIDs: [b.id, a.id])
        _ = try f.publisher.publish()
        #expect(try order() == ["Beta", "Alpha"])
        #expect(f.exists("s/\(collectionToken)/01-beta.mp3") && !f.exists("s/\(collectionToken)/02-beta.mp3"))

        try f.store.revokeShare(id: collectionShare.id)
        let report = try f.publisher.publish()
        #expect(!f.exists("s/\(collectionToken)"), "a revoked link's page and audio are removed")
        #expect(!f.exists("v1/music/shares/\(collectionToken)"))
        #expect(report.removed.contains("s/\(collectionToken)/index.html"))
        #expect(f.exists("404.html"))
    }

    @Test func aMissingAudioFileIsAClearErrorAndLeavesThePreviousSite() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let track = try f.addTrack("Gone")
        let (_, token) = try f.share(.track(track.id))
        _ = try f.publisher.publish()
        let before = f.read("s/\(token)/index.html")
        try FileManager.default.removeItem(at: f.audio.appendingPathComponent(track.files[0].path))
        try FileManager.default.removeItem(at: f.output.appendingPathComponent("s/\(token)/gone.mp3"))
        #expect(throws: PublishError.missingAudio(f.audio.appendingPathComponent(track.files[0].path).path)) {
            try f.publisher.publish()
        }
        #expect(f.read("s/\(token)/index.html") == before, "the previous page stays")
    }

    /// One track's audio missing from the state used to stop the whole publish before its
    /// sweep: a link revoked meanwhile kept its public page and audio, and a new link got none.
    @Test func aMissingAudioFileDoesNotHoldBackRevocationsOrOtherPages() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let broken = try f.addTrack("Broken")
        let (_, brokenToken) = try f.share(.track(broken.id))
        let revoked = try f.addTrack("Revoked")
        let (revokedShare, revokedToken) = try f.share(.track(revoked.id))
        _ = try f.publisher.publish()
        let before = f.read("s/\(brokenToken)/index.html")
        #expect(f.exists("s/\(revokedToken)/revoked.mp3"))

        try FileManager.default.removeItem(at: f.audio.appendingPathComponent(broken.files[0].path))
        _ = try f.store.revokeShare(id: revokedShare.id)
        let added = try f.addTrack("Added")
        let (_, addedToken) = try f.share(.track(added.id))
        #expect(throws: PublishError.missingAudio(f.audio.appendingPathComponent(broken.files[0].path).path)) {
            try f.publisher.publish()
        }
        #expect(!f.exists("s/\(revokedToken)"), "the revoked link's page and audio are gone")
        #expect(!f.exists("v1/music/shares/\(revokedToken)"))
        #expect(f.exists("s/\(addedToken)/index.html") && f.exists("s/\(addedToken)/added.mp3"), "the new link is published")
        #expect(f.read("s/\(brokenToken)/index.html") == before, "the broken link keeps its previous page")
        #expect(f.exists("s/\(brokenToken)/broken.mp3") && f.exists("v1/music/shares/\(brokenToken)/index.json"))
    }
}
