import Foundation
import StudioCore
@testable import StudioServer
import Testing

extension LiveServerTests {
    /// Faults of the server's own disk (a render-cache file lost or truncated, a render that
    /// cannot be written) are answered as the server's faults, without its internals; what a
    /// client did (deleting a track) stays a 4xx.
    @Suite struct DiskFaultTests {
        /// A signed media URL used to give 404 for a file missing under a live track (blaming
        /// the link) and 200 with the short bytes for a truncated one (a damaged file handed out
        /// as good).
        @Test func aMissingOrTruncatedMediaFileIsAServerErrorAndADeletedTrackA404() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA)
                let track = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)
                let url = StudioTestServer.localPath(try #require(track["playback"]?["url"]?.string))
                let size = try #require(track["size_bytes"]?.number)
                let file = try #require(url.firstMatch(of: /^\/media\/([^?]+)/).map { String($0.output.1) })
                let onDisk = s.configuration.rendersDirectory.appendingPathComponent(file)
                let whole = try await s.send("GET", url)
                #expect(whole.status == 200 && Double(whole.raw.body.count) == size)

                let handle = try FileHandle(forWritingTo: onDisk)
                try handle.truncate(atOffset: UInt64(size / 2))
                try handle.close()
                let truncated = try await s.send("GET", url)
                #expect(truncated.status == 500 && truncated.errorCode == "media_unavailable", "\(truncated.status) \(truncated.text)")
                #expect(truncated.isJSONError && !truncated.text.contains(s.root.path))

                try FileManager.default.removeItem(at: onDisk)
                let missing = try await s.send("GET", url)
                #expect(missing.status == 500 && missing.errorCode == "media_unavailable", "\(missing.status) \(missing.text)")

                #expect(try await s.send("DELETE", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth).status == 204)
                let deleted = try await s.send("GET", url)
                #expect(deleted.status == 404, "a URL minted before the track was deleted: \(deleted.status)")
            }
        }

        /// A failed render's job used to carry the raw error, with the server's file paths in it.
        @Test func aRenderThatCannotBeWrittenFailsItsJobWithoutTheServersPaths() async throws {
            try await StudioTestServer.with { s in
                let renders = s.configuration.rendersDirectory
                try FileManager.default.removeItem(at: renders)
                try Data("not a directory".utf8).write(to: renders)   // so that no render can be stored
                let created = try await s.createGeneration(s.userA, prompt: "a render with nowhere to go")
                let id = try #require(created["id"]?.string)
                let job = try await s.waitForJob(id, s.userA)
                #expect(job["status"] == "failed")
                let message = try #require(job["error"]?.string)
                #expect(!message.contains(s.root.path) && !message.contains("/"), "\(message)")
                #expect(message.contains("render failed on the server"))
            }
        }
    }
}
