import Foundation
import StudioBuild
import StudioCore
import StudioStore
import Testing

@Suite struct BuildTests {
    @Test func aRecipeSetThatDoesNotValidateWritesNothingAndListsEveryProblem() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("a.json5", """
            {
              organization: "demo",
              tracks: {
                one: { engine: "no-such-engine", prompt: "x", duration: 10 },
                two: { engine: "lofi-1", prompt: "x", duration: "2:00:00", colour: "blue" },
              },
              collections: { mix: { name: "Mix", tracks: ["one", "ghost"] } },
            }
            """)
        try f.write("b.json5", """
            { organization: "demo", tracks: { one: { engine: "ambient-1", prompt: "y", duration: 5 } } }
            """)
        do {
            _ = try f.build()
            Issue.record("an invalid recipe set built")
        } catch BuildError.invalidRecipes(let problems) {
            let lines = problems.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.contains("a.json5:4:") && $0.contains("no-such-engine") }, "\(lines)")
            #expect(lines.contains { $0.contains("a.json5:5:") && $0.contains("colour") }, "\(lines)")
            #expect(lines.contains { $0.contains("a.json5:5:") && $0.contains("2:00:00") || $0.contains("duration") }, "\(lines)")
            #expect(lines.contains { $0.contains("a.json5:7:") && $0.contains("ghost") }, "\(lines)")
            #expect(lines.contains { $0.contains("b.json5:1:") && $0.contains("one") }, "duplicate name: \(lines)")
        }
        #expect(!FileManager.default.fileExists(atPath: f.state.path), "no state was created")
        #expect(!FileManager.default.fileExists(atPath: f.output.path), "no site was written")
    }

    @Test func buildsRendersOnceAndANoChangeRebuildWritesNothing() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("demo.json5", BuildFixture.recipeSet)
        let first = try f.build(jobs: 2)
        #expect(first.rendered.sorted() == ["demo/dawn", "demo/drive"])
        #expect(first.shareURLs.count == 2)
        #expect(first.publish.pages == 2)
        let store = try f.store()
        let org = try #require(try store.organization(slug: "demo"))
        let tracks = try store.tracks(organizationID: org.id).items
        #expect(Set(tracks.map(\.title)) == ["Dawn", "Drive"], "a missing title comes from the name")
        let drive = try #require(tracks.first { $0.title == "Drive" })
        #expect(drive.stems.count == 6 && drive.licence.requiresAttribution == false)
        let dawn = try #require(tracks.first { $0.title == "Dawn" })
        #expect(dawn.format == .flac && dawn.files.filter { $0.role == .mix }.count == 2)
        #expect(dawn.licence.requiresAttribution && dawn.licence.attribution?.contains("FluidR3_GM") == true)
        #expect(abs(dawn.loudnessLUFS + 14) < 1.5 && dawn.peaks.count > 0)
        #expect(try store.activeFocusSessionIDs().count == 1)

        let state = f.snapshot(f.state), site = f.snapshot(f.output)
        let second = try f.build()
        #expect(second.rendered.isEmpty && second.reused == 2)
        #expect(second.changes.isEmpty, "\(second.changes)")
        #expect(second.publish.written.isEmpty && second.publish.removed.isEmpty)
        #expect(f.snapshot(f.output) == site, "no file of the site was rewritten")
        let stateAfter = f.snapshot(f.state).filter { !$0.key.contains("state.sqlite") }
        #expect(stateAfter == state.filter { !$0.key.contains("state.sqlite") }, "no render or secret was rewritten")
    }

    @Test func aChangedTrackRendersAgainUnderItsOldIdAndPruneRemovesWhatIsGone() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("demo.json5", BuildFixture.recipeSet)
        let first = try f.build()
        let store = try f.store()
        let org = try #require(try store.organization(slug: "demo"))
        let before = try store.bindings(organizationID: org.id, kind: .track)
        let shareURLs = Set(first.shareURLs.map(\.url))

        try f.write("demo.json5", BuildFixture.recipeSet.replacingOccurrences(of: "prompt: \"calm pads\"", with: "prompt: \"dark pads\""))
        let second = try f.build()
        #expect(second.rendered == ["demo/dawn"], "only the changed track renders")
        #expect(second.changes.updated["track"] == 1)
        #expect(try store.bindings(organizationID: org.id, kind: .track) == before, "ids are kept")
        #expect(Set(second.shareURLs.map(\.url)) == shareURLs, "links are kept")
        #expect(try store.track(id: before["dawn"]!)?.prompt == "dark pads")

        // Without --prune a removed entry stays; with it, it goes, and so does its page.
        let trimmed = BuildFixture.recipeSet.replacingOccurrences(of: "shares: [ { collection: \"both\" }, { track: \"drive\" }, ],",
                                                                  with: "shares: [ { collection: \"both\" } ],")
        try f.write("demo.json5", trimmed)
        let kept = try f.build()
        #expect(kept.publish.pages == 2 && kept.changes.deleted.isEmpty)
        let pruned = try f.build(prune: true)
        #expect(pruned.changes.deleted["share link"] == 1)
        #expect(pruned.publish.pages == 1)
        #expect(pruned.publish.removed.contains { $0.hasSuffix("/index.html") })
        #expect(try store.track(id: before["drive"]!) != nil, "the track itself is still declared")
    }

    @Test func theSameRecipesRenderTheSameAudioWithAnyJobs() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("demo.json5", BuildFixture.recipeSet)
        let serial = f.root.appendingPathComponent("serial"), parallel = f.root.appendingPathComponent("parallel")
        _ = try Builder(options: f.options(jobs: 1, state: serial, output: serial.appendingPathComponent("public"))).build()
        _ = try Builder(options: f.options(jobs: 2, state: parallel, output: parallel.appendingPathComponent("public"))).build()
        let renders = serial.appendingPathComponent("renders")
        let hashes = try FileManager.default.contentsOfDirectory(atPath: renders.path).filter { !$0.hasPrefix(".") }
        #expect(hashes.count == 2)
        for hash in hashes {
            for file in try FileManager.default.contentsOfDirectory(atPath: renders.appendingPathComponent(hash).path) {
                let a = try Data(contentsOf: renders.appendingPathComponent("\(hash)/\(file)"))
                let b = try Data(contentsOf: parallel.appendingPathComponent("renders/\(hash)/\(file)"))
                #expect(a == b, "\(hash)/\(file) differs between --jobs 1 and --jobs 2")
            }
        }
    }
}

/// `Builder.renderShard` and the cache's key, in process.
@Suite struct ShardedBuilderTests {
    @Test func shardsFillTheCacheAndWriteNothingElseAndTheBuildAfterRendersNothing() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("demo.json5", BuildFixture.recipeSet)
        let cache = f.root.appendingPathComponent("shared-cache")
        var options = f.options()
        options.cacheDirectory = cache
        var rendered: [String] = []
        for index in 0..<2 {
            let report = try Builder(options: options).renderShard(try Shard(index: index, count: 2))
            #expect(report.distinctRenders == 2 && report.renderedHashes.count == report.rendered.count)
            rendered += report.rendered
        }
        #expect(rendered.sorted() == ["demo/dawn", "demo/drive"], "each render made by exactly one shard")
        #expect(!FileManager.default.fileExists(atPath: f.state.path), "a shard opens no state")
        #expect(!FileManager.default.fileExists(atPath: f.output.path), "a shard writes no site")
        let again = try Builder(options: options).renderShard(try Shard(index: 0, count: 2))
        #expect(again.rendered.isEmpty && again.cached == 2, "a shard run again finds its work done")

        let build = try Builder(options: options).build()
        #expect(build.rendered.isEmpty && build.reused == 2)
        #expect(build.publish.pages == 2)
    }

    @Test func aBuildOnALaterDayRendersNothingAndATemporaryLeftBehindIsIgnoredThenSwept() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("demo.json5", BuildFixture.recipeSet)
        #expect(try f.build().rendered.count == 2)
        let renders = f.state.appendingPathComponent("renders")
        // What a shard killed mid-render leaves: a temporary directory with part of a file.
        let fresh = renders.appendingPathComponent(".abc.\(UUID().uuidString).partial")
        let old = renders.appendingPathComponent(".def.\(UUID().uuidString).partial")
        for url in [fresh, old] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(repeating: 1, count: 100).write(to: url.appendingPathComponent("mix-flac.flac"))
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -2 * RenderCache.temporaryLifetime)],
                                              ofItemAtPath: old.path)
        var later = f.options()
        later.date = "2027-01-02"
        let next = try Builder(options: later).build()
        #expect(next.rendered.isEmpty && next.changes.isEmpty, "the date tags new renders only; it is not in the key")
        #expect(FileManager.default.fileExists(atPath: fresh.path), "a temporary that a live render may own is kept")
        #expect(!FileManager.default.fileExists(atPath: old.path), "an old one is swept")
    }

    @Test func anEntryWithAFileCutShortIsRenderedAgain() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("demo.json5", BuildFixture.recipeSet)
        _ = try f.build()
        let renders = f.state.appendingPathComponent("renders")
        let hashes = try FileManager.default.contentsOfDirectory(atPath: renders.path).filter { !$0.hasPrefix(".") }.sorted()
        let folder = renders.appendingPathComponent(hashes[0])
        let audio = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("mix-") })
        let original = try Data(contentsOf: folder.appendingPathComponent(audio))
        try original.prefix(1000).write(to: folder.appendingPathComponent(audio))
        let cache = RenderCache(directory: renders)
        #expect(cache.entry(hashes[0]) == nil, "a file of the wrong size makes the entry missing")
        let report = try f.build()
        #expect(report.rendered.count == 1)
        #expect(try Data(contentsOf: folder.appendingPathComponent(audio)) == original, "the same bytes, rendered again")
        #expect(cache.entry(hashes[0]) != nil)
    }
}
