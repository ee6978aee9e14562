import Foundation
import StudioAPI
import StudioCore
@testable import StudioServer
import StudioStore
import Testing

extension LiveServerTests {
    /// Issue #13 item 9: a share change publishes only what it touches, not every live share.
    @Suite struct SharePublishScopeTests {
        /// `count` more live track links on one track, straight into the state (as a big
        /// organization's history would be), published once by a full publish.
        func addLiveShares(_ s: StudioTestServer, track: String, count: Int) throws {
            let secret = try SigningSecret.load(from: s.configuration.stateDirectory)
            try s.store.atomically {
                for _ in 0..<count {
                    let id = ObjectID.make(.shareLink)
                    _ = try s.store.createShare(id: id, organizationID: s.org1, creatorID: s.userA.id, target: .track(track),
                                                tokenHash: Credentials.hash(Credentials.shareToken(shareID: id, secret: secret)),
                                                expiresAt: nil)
                }
            }
        }

        /// Every file under public/s and public/v1/music/shares with its inode and modification time.
        func snapshot(_ s: StudioTestServer) -> [String: [Int]] {
            var result: [String: [Int]] = [:]
            for directory in ["s", "v1/music/shares"] {
                let base = s.configuration.outputDirectory.appendingPathComponent(directory).path
                for case let relative as String in FileManager.default.enumerator(atPath: base) ?? .init() {
                    var info = stat()
                    guard lstat(base + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                    result[directory + "/" + relative] = [Int(info.st_ino), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
                }
            }
            return result
        }

        @Test func aShareCreateWithManyLiveSharesRendersOnlyItsOwnPage() async throws {
            try await StudioTestServer.with { s in
                let track = try await s.makeTrack(s.userA, prompt: "many links")
                try addLiveShares(s, track: track, count: 200)
                await s.app.api.site.refresh()
                let before = snapshot(s)
                #expect(before.count >= 200 * 3)
                let rendered = await s.app.api.site.pagesRendered

                let share = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
                #expect(share.status == 201)
                let token = try #require(share["token"]?.string)
                #expect(await s.app.api.site.pagesRendered - rendered == 1, "a share create renders its own page and no other")
                let after = snapshot(s)
                #expect(after.filter { before[$0.key] == nil }.keys.allSatisfy { $0.contains(token) })
                #expect(before.allSatisfy { after[$0.key] == $0.value }, "another share's file was rewritten")

                // Revoking renders nothing at all and removes only its own files.
                let revoked = await s.app.api.site.pagesRendered
                #expect(try await s.send("DELETE", "\(s.p())/shares/\(try #require(share["id"]?.string))", auth: s.userA.auth).status == 204)
                #expect(await s.app.api.site.pagesRendered == revoked)
                #expect(snapshot(s) == before)
            }
        }

        /// The bench of docs/PERFORMANCE.md ("Share changes"): the median time of a share create
        /// through the real server with 20 and with 10,000 live shares. Runs only with
        /// `SHARE_BENCH=1` (it stores 10,000 shares); the figures go to the test's output.
        @Test(.enabled(if: ProcessInfo.processInfo.environment["SHARE_BENCH"] == "1"))
        func shareCreateMedianDoesNotGrowWithLiveShares() async throws {
            try await StudioTestServer.with { s in
                let track = try await s.makeTrack(s.userA, prompt: "bench")
                var medians: [Int: Double] = [:]
                for total in [20, 10_000] {
                    let existing = try s.store.liveShares().count
                    try addLiveShares(s, track: track, count: total - existing)
                    await s.app.api.site.refresh()
                    s.reconnect()
                    var times: [Double] = []
                    for _ in 0..<41 {
                        let start = DispatchTime.now().uptimeNanoseconds
                        let share = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
                        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                        #expect(share.status == 201)
                        // Back to `total` live shares for the next create.
                        #expect(try await s.send("DELETE", "\(s.p())/shares/\(try #require(share["id"]?.string))",
                                                 auth: s.userA.auth).status == 204)
                    }
                    times.sort()
                    medians[total] = times[times.count / 2]
                    print("share_create_live_shares=\(total) median_ms=\(String(format: "%.2f", times[times.count / 2])) "
                          + "p10_ms=\(String(format: "%.2f", times[times.count / 10])) p90_ms=\(String(format: "%.2f", times[times.count * 9 / 10]))")
                }
                #expect(medians[10_000]! < 10 && medians[20]! < 10)
            }
        }
    }
}
