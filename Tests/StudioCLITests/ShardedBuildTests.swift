import Foundation
import Testing

/// Issue #7's "must show": one recipe set built on one machine, as three shards in parallel, and
/// as three shards of which one is killed half-way and run again — the same audio byte for byte,
/// the same pages and JSON with ids, tokens and creation times set aside, and nothing rendered
/// twice.
@Suite(.serialized) struct ShardedBuildTests {
    /// Twelve short tracks over all four engines, some with stems or two formats, a collection and shares.
    static let recipes: String = {
        let engines = ["pulse-1", "lofi-1", "ambient-1", "keys-1"]
        let prompts = ["techno", "rainy night", "calm pads", "wistful piano"]
        var tracks: [String] = []
        for index in 0..<12 {
            let engine = index % 4
            let extras = index == 1 ? ", stems: true" : index == 4 ? ", formats: [\"flac\", \"mp3\"]" : ""
            tracks.append("    t\(index): { engine: \"\(engines[engine])\", prompt: \"\(prompts[engine])\", "
                          + "duration: \(4 + index % 3 * 2), seed: \(index + 1)\(extras) },")
        }
        return """
            { organization: "demo",
              tracks: {
            \(tracks.joined(separator: "\n"))
              },
              collections: { all: { name: "All", tracks: [\((0..<12).map { "\"t\($0)\"" }.joined(separator: ", "))] } },
              shares: [ { collection: "all" }, { track: "t0" }, { track: "t1" }, { track: "t4" } ],
            }
            """
    }()

    /// A project whose renders go to `cache`, outside the state.
    struct Project {
        let site: SiteProject
        let cache: URL
        init() throws {
            site = try SiteProject()
            cache = site.root.appendingPathComponent("cache")
            try site.write("demo.json5", ShardedBuildTests.recipes)
        }
        var shardArguments: [String] {
            ["build", "--recipes", site.recipes.path, "--state", site.state.path, "--cache", cache.path, "--date", "2026-11-25",
             "--json"]
        }
        func shardProcess(_ shard: String) throws -> (Process, URL) {
            let process = Process()
            process.executableURL = StudioProcess.executable
            process.arguments = shardArguments + ["--shard", shard]
            let output = site.root.appendingPathComponent("shard-\(shard.replacingOccurrences(of: "/", with: "-"))-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, output)
        }
        /// Runs the shards as separate processes, all at once, and returns each one's JSON report.
        func runShards(_ shards: [String]) throws -> [String: [String: Any]] {
            let running = try shards.map { ($0, try shardProcess($0)) }
            var reports: [String: [String: Any]] = [:]
            for (shard, (process, output)) in running {
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "shard \(shard) failed")
                reports[shard] = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any] ?? [:]
            }
            return reports
        }
        func build() throws -> [String: Any] {
            let result = try site.build(["--cache", cache.path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        }
        /// Complete cache entries: `hash/file` → bytes (temporaries of killed renders left out).
        func entries() throws -> [String: Data] {
            try site.contents(of: cache).filter { !$0.key.hasPrefix(".") }
        }
        func completeEntries() -> Set<String> {
            Set(((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []).filter { !$0.hasPrefix(".") })
        }
        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []).filter { $0.hasSuffix(".partial") }
        }
        /// The shards wrote nothing but the cache.
        func expectNothingButTheCache() {
            #expect(!FileManager.default.fileExists(atPath: site.state.path), "a shard created the state")
            #expect(!FileManager.default.fileExists(atPath: site.output.path), "a shard wrote the site")
        }
    }

    @Test func oneMachineThreeShardsAndAKilledShardPublishTheSameSite() throws {
        // (a) One machine.
        let single = try Project()
        defer { single.site.cleanUp() }
        let singleBuild = try single.build()
        #expect(singleBuild["rendered"] as? Int == 12)
        let expectedEntries = try single.entries()
        #expect(single.completeEntries().count == 12)

        // (b) Three shards as separate processes at once, then a plain build.
        let parallel = try Project()
        defer { parallel.site.cleanUp() }
        let reports = try parallel.runShards(["0/3", "1/3", "2/3"])
        parallel.expectNothingButTheCache()
        let hashesByShard = reports.mapValues { Set($0["hashes"] as? [String] ?? []) }
        let allHashes = hashesByShard.values.reduce(Set<String>()) { $0.union($1) }
        #expect(allHashes == single.completeEntries(), "the shards together made every render")
        #expect(hashesByShard.values.reduce(0) { $0 + $1.count } == 12, "and each exactly once")
        #expect(reports.values.allSatisfy { $0["distinct_renders"] as? Int == 12 && $0["cached"] as? Int == 0 })
        // Balanced by seconds of audio (issue #16): every shard reports the same plan, which adds up
        // to the whole set (4 + 6 + 8 s, four times), its own share in it, and is within 1.5× of the mean.
        let plans = Set(reports.values.map { $0["shard_planned_seconds"] as? [Double] ?? [] })
        #expect(plans.count == 1 && plans.first?.reduce(0, +) == 72, "\(plans)")
        for (shard, report) in reports {
            let index = Int(shard.prefix { $0 != "/" })!
            #expect(report["planned_seconds"] as? Double == plans.first?[index], "\(shard): \(report)")
        }
        #expect((plans.first?.max() ?? .infinity) <= 1.5 * 24, "\(plans)")
        let parallelBuild = try parallel.build()
        #expect(parallelBuild["rendered"] as? Int == 0 && parallelBuild["reused"] as? Int == 12, "\(parallelBuild)")
        #expect(try parallel.entries() == expectedEntries, "the cache holds the same bytes")
        try Self.expectSameSite(single.site, singleBuild, parallel.site, parallelBuild)

        // (c) The shard with the most renders is killed half-way, then all three run (it again too).
        let killed = try Project()
        defer { killed.site.cleanUp() }
        let (victim, share) = try #require(hashesByShard.max { $0.value.count < $1.value.count })
        #expect(share.count >= 2, "twelve renders over three shards give one at least four")
        let (process, _) = try killed.shardProcess(victim)
        // Half-way: its first render is in place and the next one has begun.
        let deadline = Date(timeIntervalSinceNow: 120)
        while Date() < deadline && process.isRunning && (killed.completeEntries().isEmpty || killed.temporaries().isEmpty) {
            usleep(1000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the shard was killed, it did not finish on its own")
        let survived = killed.completeEntries()
        #expect(!survived.isEmpty && survived.count < share.count, "killed half-way: \(survived.count) of \(share.count)")
        #expect(survived.isSubset(of: share), "a shard renders only its own share")
        #expect(!killed.temporaries().isEmpty, "the killed render left its temporary directory")
        killed.expectNothingButTheCache()

        let rerun = try killed.runShards(["0/3", "1/3", "2/3"])
        #expect(rerun[victim]?["rendered"] as? Int == share.count - survived.count, "the re-run made only what was missing")
        #expect(rerun[victim]?["cached"] as? Int == survived.count)
        killed.expectNothingButTheCache()
        let killedBuild = try killed.build()
        #expect(killedBuild["rendered"] as? Int == 0 && killedBuild["reused"] as? Int == 12, "\(killedBuild)")
        #expect(try killed.entries() == expectedEntries, "the cache holds the same bytes despite the kill")
        try Self.expectSameSite(single.site, singleBuild, killed.site, killedBuild)
    }

    /// The two sites have the same files with the same bytes — audio exactly, pages and JSON once
    /// share tokens (named by their recipe target), object ids and creation times are set aside.
    static func expectSameSite(_ a: SiteProject, _ aBuild: [String: Any], _ b: SiteProject, _ bBuild: [String: Any]) throws {
        func normalize(_ site: [String: Data], _ build: [String: Any]) -> [String: Data] {
            var tokens: [(String, String)] = []
            for share in build["shares"] as? [[String: String]] ?? [] {
                let url = share["url"] ?? ""
                if let token = url.split(separator: "/").last { tokens.append((String(token), "TOKEN[\(share["target"] ?? "")]")) }
            }
            #expect(tokens.count == 4, "four share links: \(build)")
            var result: [String: Data] = [:]
            for (path, bytes) in site {
                var name = path
                for (token, label) in tokens { name = name.replacingOccurrences(of: token, with: label) }
                guard path.hasSuffix(".html") || path.hasSuffix(".json") || path.hasSuffix(".m3u") else {
                    result[name] = bytes  // audio, styles: byte for byte
                    continue
                }
                var text = String(decoding: bytes, as: UTF8.self)
                for (token, label) in tokens { text = text.replacingOccurrences(of: token, with: label) }
                text = text.replacing(/\b(mtrack|mcoll|mslink|mlib|mfocus|org|usr|mkey|mgen)_[0-9A-Za-z]{22}\b/) { "\($0.output.1)_ID" }
                text = text.replacing(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/) { _ in "TIME" }
                result[name] = Data(text.utf8)
            }
            return result
        }
        let left = normalize(try a.contents(of: a.output), aBuild), right = normalize(try b.contents(of: b.output), bBuild)
        #expect(left.count > 30 && left.keys.filter { $0.hasSuffix(".flac") }.count >= 12, "\(left.keys.sorted())")
        #expect(left.keys.sorted() == right.keys.sorted())
        for (path, bytes) in left where right[path] != bytes {
            let mine = String(decoding: bytes.prefix(400), as: UTF8.self)
            let theirs = String(decoding: (right[path] ?? Data()).prefix(400), as: UTF8.self)
            Issue.record("\(path) differs: \(mine) … vs … \(theirs)")
        }
    }

    @Test(arguments: [
        ("0/0", "at least 1"), ("3/3", "from 0 to 2"), ("a/b", "'a'"), ("-1/2", "'-1'"), ("1", "expected I/N"),
        ("1/", "count N is missing"), ("/2", "index I is missing"),
    ])
    func aBadShardIsAClearErrorAndWritesNothing(shard: String, words: String) throws {
        let project = try Project()
        defer { project.site.cleanUp() }
        let result = try StudioProcess.run(project.shardArguments + ["--shard", shard])
        #expect(result.status == 2, "\(shard): exit \(result.status)")
        #expect(result.stderr.contains("--shard") && result.stderr.contains(words), "\(shard): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.cache.path), "nothing was rendered")
        project.expectNothingButTheCache()
    }

    @Test func aShardRefusesPruneAndValidatesTheRecipesFirst() throws {
        let project = try Project()
        defer { project.site.cleanUp() }
        let prune = try StudioProcess.run(project.shardArguments + ["--shard", "0/2", "--prune"])
        #expect(prune.status == 2 && prune.stderr.contains("--prune"), "\(prune.stderr)")
        try project.site.write("bad.json5", "{ organization: \"demo\", tracks: { x: { engine: \"nope-1\", prompt: \"y\", duration: 4 } } }\n")
        let bad = try StudioProcess.run(project.shardArguments + ["--shard", "0/2"])
        #expect(bad.status == 1 && bad.stderr.contains("bad.json5:1:") && bad.stderr.contains("nothing was written"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.cache.path))
        project.expectNothingButTheCache()
    }

    @Test func theCacheComesFromTheEnvironmentWhenNoFlagNamesIt() throws {
        let project = try Project()
        defer { project.site.cleanUp() }
        try project.site.write("demo.json5", """
            { organization: "demo", tracks: { one: { engine: "pulse-1", prompt: "techno", duration: 3 } }, shares: [ { track: "one" } ] }
            """)
        let environment = ["STUDIO_CACHE": project.cache.path]
        let shard = try StudioProcess.run(["build", "--recipes", project.site.recipes.path, "--state", project.site.state.path,
                                           "--shard", "0/1", "--date", "2026-11-25"], environment: environment)
        #expect(shard.status == 0 && shard.stderr.contains("shard 0/1: rendered 1"), "\(shard.stderr)")
        #expect(project.completeEntries().count == 1)
        project.expectNothingButTheCache()
        let build = try StudioProcess.run(["build"] + project.site.locations, environment: environment)
        #expect(build.status == 0 && build.stderr.contains("plan: 0 renders"), "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.site.state.appendingPathComponent("renders").path),
                "nothing rendered into the state's own cache")
        try FileManager.default.removeItem(at: project.site.output)
        let publish = try StudioProcess.run(["publish", "--state", project.site.state.path, "--out", project.site.output.path,
                                             "--templates", SiteProject.templates], environment: environment)
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(try project.site.contents(of: project.site.output).keys.contains { $0.hasSuffix("/one.flac") },
                "publish finds the audio in the cache the environment names")
    }
}
