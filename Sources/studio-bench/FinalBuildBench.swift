import Foundation
import StudioBuild
import StudioCore

/// `studio-bench final --tracks N`: the one build that follows the shards of a cluster run
/// (docs/SCALING.md), measured rather than estimated. N recipe tracks, every one shared, whose
/// renders are all in the cache already (warm): the build plans (reads N `render.json`), renders
/// nothing, applies N tracks and N share links to an empty state in one transaction, and
/// publishes N pages with their audio and JSON mirrors. Each stage is timed from the build's events.
///
/// Rendering N tracks for real would take the benchmark hours, so the cache is filled from one
/// real render: its audio is hard-linked into every entry (from a copy per 20,000) and its
/// `render.json` rewritten with the entry's own hash, which is what the plan and the publisher read.
func benchFinalBuild(tracks count: Int) throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let recipes = root.appendingPathComponent("recipes"), cache = root.appendingPathComponent("cache")
    try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)

    // One real render, in a cache of its own.
    let seed = root.appendingPathComponent("seed")
    try FileManager.default.createDirectory(at: seed.appendingPathComponent("recipes"), withIntermediateDirectories: true)
    try #"{ organization: "seed", tracks: { one: { engine: "pulse-1", prompt: "techno", duration: 1, formats: ["mp3"] } } }"#
        .write(to: seed.appendingPathComponent("recipes/seed.json5"), atomically: true, encoding: .utf8)
    let seedCache = seed.appendingPathComponent("cache")
    let seedOptions = BuildOptions(recipesDirectory: seed.appendingPathComponent("recipes"), stateDirectory: seed.appendingPathComponent("state"),
                                   outputDirectory: seed.appendingPathComponent("public"), templatesDirectory: templates,
                                   baseURL: "https://music.example", date: "2026-11-25", cacheDirectory: seedCache)
    _ = try Builder(options: seedOptions).renderShard(try Shard(index: 0, count: 1))
    let seedHash = try Builder(options: seedOptions).plannedRenders()[0].hash
    let seedReport = try String(contentsOf: seedCache.appendingPathComponent("\(seedHash)/render.json"), encoding: .utf8)
    let seedAudio = seedCache.appendingPathComponent("\(seedHash)/mix-mp3.mp3")

    // N tracks, all shared, in files of 1000 tracks (as a large catalogue would be split).
    let perFile = 1_000
    for start in stride(from: 0, to: count, by: perFile) {
        let range = start..<min(count, start + perFile)
        var text = "{ organization: \"catalogue\", tracks: {\n"
        for index in range {
            text += "  t\(index): { engine: \"pulse-1\", prompt: \"techno \(index % 7)\", duration: 1, seed: \(index), formats: [\"mp3\"] },\n"
        }
        text += "}, shares: [\n" + range.map { "  { track: \"t\($0)\" },\n" }.joined() + "] }\n"
        try text.write(to: recipes.appendingPathComponent(String(format: "part-%04d.json5", start / perFile)), atomically: true,
                       encoding: .utf8)
    }
    let options = BuildOptions(recipesDirectory: recipes, stateDirectory: root.appendingPathComponent("state"),
                               outputDirectory: root.appendingPathComponent("public"), templatesDirectory: templates,
                               jobs: ProcessInfo.processInfo.activeProcessorCount, baseURL: "https://music.example",
                               date: "2026-11-25", cacheDirectory: cache)

    // The warm cache: every entry the plan will look for.
    let (hashes, fill) = try time { () throws -> [String] in
        let hashes = try Builder(options: options).plannedRenders().map(\.hash)
        // A file system caps the links to one file (65,000 on ext4), and publishing links each
        // published file once more: a fresh copy of the fixture serves every 20,000 entries.
        var fixture = seedAudio
        for (index, hash) in hashes.enumerated() {
            if index % 20_000 == 0 {
                fixture = root.appendingPathComponent("fixture-\(index).mp3")
                try FileManager.default.copyItem(at: seedAudio, to: fixture)
            }
            let entry = cache.appendingPathComponent(hash)
            try FileManager.default.createDirectory(at: entry, withIntermediateDirectories: true)
            guard link(fixture.path, entry.appendingPathComponent("mix-mp3.mp3").path) == 0 else {
                throw BenchError("cannot link the fixture audio into \(entry.path): \(String(cString: strerror(errno)))")
            }
            try seedReport.replacingOccurrences(of: seedHash, with: hash)
                .write(to: entry.appendingPathComponent("render.json"), atomically: false, encoding: .utf8)
        }
        return hashes
    }

    let marks = StageClock()
    let (report, total) = try time { try Builder(options: options).build(events: marks.record) }
    let stages = marks.durations
    print("final_tracks=\(count)")
    print("final_cache_entries=\(hashes.count) (filled in \(String(format: "%.1f", fill)) s)")
    print("final_rendered=\(report.rendered.count)")
    print("final_plan_seconds=\(String(format: "%.2f", stages.plan))")
    print("final_apply_seconds=\(String(format: "%.2f", stages.apply))")
    print("final_publish_seconds=\(String(format: "%.2f", stages.publish))")
    print("final_total_seconds=\(String(format: "%.2f", total))")
    print("final_pages=\(report.publish.pages)")
    print("final_files_written=\(report.publish.written.count)")
}

/// When each stage of a build ended, from its events (plan → apply → publish).
final class StageClock: @unchecked Sendable {
    // @unchecked: written by the build's events, which a build without renders sends from one thread.
    private let start = DispatchTime.now().uptimeNanoseconds
    private var planned: UInt64 = 0, applied: UInt64 = 0, published: UInt64 = 0

    func record(_ event: BuildEvent) {
        let now = DispatchTime.now().uptimeNanoseconds
        switch event {
        case .planned: planned = now
        case .applied: applied = now
        case .published: published = now
        default: break
        }
    }

    var durations: (plan: Double, apply: Double, publish: Double) {
        (Double(planned - start) / 1e9, Double(applied - planned) / 1e9, Double(published - applied) / 1e9)
    }
}
