import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #13 item 4: `storage_bytes` counts each stored file once.
    @Suite struct UsageStorageTests {
        @Test func tracksSharingAFileOrAHardLinkAreCountedOnce() async throws {
            try await StudioTestServer.with { s in
                // The same request with the same seed renders once: the second track reuses the
                // cached file (the render cache is content-addressed), so both name one path.
                let params: JSONValue = ["seed": 7]
                func track() async throws -> JSONValue {
                    let created = try await s.createGeneration(s.userA, prompt: "one file, two tracks", duration: 1, params: params)
                    let job = try await s.waitForJob(try #require(created["id"]?.string), s.userA)
                    let id = try #require(job["track_id"]?.string)
                    return try await s.send("GET", "\(s.p())/tracks/\(id)", auth: s.userA.auth).json
                }
                let first = try await track(), second = try await track()
                #expect(first["id"] != second["id"])
                let size = try #require(first["size_bytes"]?.number)
                var usage = try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)
                #expect(usage["tracks"] == 2)
                #expect(usage["storage_bytes"]?.number == size, "one file shared by two tracks: \(usage.text)")

                // A third track whose file is a hard link to the same bytes under another path.
                let firstID = try #require(first["id"]?.string)
                let stored = try #require(try s.store.track(id: firstID))
                let original = try #require(stored.files.first)
                let linked = "linked/\(UUID().uuidString).\(original.format.rawValue)"
                let directory = s.configuration.rendersDirectory
                try FileManager.default.createDirectory(at: directory.appendingPathComponent("linked"), withIntermediateDirectories: true)
                try FileManager.default.linkItem(at: directory.appendingPathComponent(original.path),
                                                 to: directory.appendingPathComponent(linked))
                var copy = stored
                copy.id = ObjectID.make(.track)
                copy.files = [TrackFile(role: .mix, stem: nil, format: original.format, path: linked, sizeBytes: original.sizeBytes)]
                try s.store.saveTrack(copy)
                usage = try await s.send("GET", "\(s.p())/usage", auth: s.userA.auth)
                #expect(usage["tracks"] == 3)
                #expect(usage["storage_bytes"]?.number == size, "a hard link is the same file: \(usage.text)")
            }
        }
    }
}
