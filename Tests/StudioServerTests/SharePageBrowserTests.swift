import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #17 item 7 in a real browser (Debian's headless Chromium, driven by
    /// `scripts/browser-check.py`): the share page's waveform is a keyboard slider whose played
    /// part shows, in pixels, where playback is; and screenshots of the share page and the home
    /// page in both colour schemes at 1280 and 390 px (kept in the artifacts directory; the ones
    /// in docs/img/ were taken this way).
    @Suite struct SharePageBrowserTests {
        @Test func theWaveformIsAKeyboardSliderAndShowsThePlayedPart() async throws {
            guard BrowserTests.executable("chromium") != nil else {
                Issue.record("chromium is not installed: run `make test`, which installs it (Debian package `chromium`)")
                return
            }
            let port = try BrowserTests.freePort()
            try await StudioTestServer.with(port: port) { s in
                let track = try await s.makeTrack(s.userA, prompt: "warm evolving pads at dusk", duration: 8)
                let share = try await s.send("POST", "\(s.p())/tracks/\(track)/share", auth: s.userA.auth)
                let url = try #require(share["url"]?.string)
                try await BrowserTests.waitForPage(s, StudioTestServer.localPath(url))

                let report = try BrowserTests.run(mode: "seek", url: url, name: "share-seek")
                BrowserTests.expectClean(report, "share page")
                #expect(report["preload"] == "metadata")
                let duration = report["duration_before_play"]?.number ?? 0
                #expect(abs(duration - 8) < 0.5, "the length is known before play: \(report.serialized())")
                #expect(report["paused"] == true)
                #expect(report["slider"]?["role"] == "slider" && report["slider"]?["tabindex"] == 0, "\(report.serialized())")
                #expect(report["slider"]?["max"] == "8")
                #expect(report["focused"] == true)
                let times = report["keys"]?.array?.compactMap { $0["time"]?.number } ?? []
                // → +5 s, → clamps at the end, ← −5 s, End, Home, Page Up +10 %.
                let expected: [Double] = [5, duration, duration - 5, duration, 0, duration / 10]
                #expect(times.count == expected.count && zip(times, expected).allSatisfy { abs($0 - $1) < 0.3 },
                        "keys move the playhead: \(times) expected \(expected)")
                #expect(report["keys"]?[0]?["valuetext"]?.string?.hasPrefix("0:05 of 0:0") == true)

                // The played part, seen in pixels: the played colour left of the playhead only.
                let played = Double(report["played_style"]?.string?.dropLast() ?? "") ?? 0
                #expect(abs(played - 60) < 0.5, "\(report["played_style"] ?? .null)")
                let before = report["strip"]?["before_playhead"], after = report["strip"]?["after_playhead"]
                #expect((before?["played"]?.number ?? 0) > 50, "bars before the playhead are in the played colour: \(report["strip"] ?? .null)")
                // (A few edge pixels, where the overlay's anti-aliasing lets the bars beneath show, come close.)
                #expect((before?["unplayed"]?.number ?? 1) * 5 < (before?["played"]?.number ?? 0),
                        "hardly any in the unplayed colour: \(report["strip"] ?? .null)")
                #expect((after?["unplayed"]?.number ?? 0) > 30, "bars after it are in the unplayed colour: \(report["strip"] ?? .null)")
                #expect((after?["played"]?.number ?? 1) == 0, "none in the played colour: \(report["strip"] ?? .null)")

                // Screenshots for the eye (docs/img/): share page, home page, API reference, embed page.
                let all = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")], two = [(1280, "light"), (390, "dark")]
                for (page, address, looks) in [("share", url, all), ("home", "http://127.0.0.1:\(port)/", all),
                                               ("api", "http://127.0.0.1:\(port)/docs/api/", two), ("embed", url + "embed/", two)] {
                    for (width, scheme) in looks {
                        let shot = try BrowserTests.run(mode: "shot", url: address, name: "\(page)-\(width)-\(scheme)",
                                                        extra: ["--width", String(width), "--scheme", scheme])
                        BrowserTests.expectClean(shot, "\(page) \(width) \(scheme)")
                    }
                }
                // The revoked page, last: revoking takes the share down.
                let id = try #require(share["id"]?.string)
                #expect(try await s.send("DELETE", "\(s.p())/shares/\(id)", auth: s.userA.auth).status == 204)
                for (width, scheme) in two {
                    let shot = try BrowserTests.run(mode: "shot", url: url, name: "revoked-\(width)-\(scheme)",
                                                    extra: ["--width", String(width), "--scheme", scheme])
                    #expect(shot["title"]?.string?.hasPrefix("This link was revoked") == true, "\(shot.serialized())")
                }
            }
        }
    }
}
