import Foundation
import StudioAPI
import StudioBuild
import StudioCore
import StudioEngine
import StudioPublish
import StudioStore

/// `studio-bench`: the site-side benchmarks of `make bench` (the audio ones time `studio` itself).
///
///   studio-bench publish [--tracks 10000] [--dir D]   pages per second publishing N shared tracks
///   studio-bench rebuild [--tracks 1000] [--dir D]    seconds for a no-change `studio build` of N tracks
///   studio-bench share-create [--shares 20,10000]     median ms of a share create with N live links
///   studio-bench final [--tracks 100000] [--dir D]    the build after the shards: plan, apply and publish
///                                                     N shared tracks from a warm cache, each stage timed
///
/// Prints one `key=value` line per figure, for scripts/bench.sh to put in docs/PERFORMANCE.md.
/// The templates built into the binary (nil: no override directory), as a deployment publishes.
let templates: URL? = nil

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else {
        return value
    }
    return number
}

func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// `--dir D` puts the scratch project on another file system (a tmpfs, to take the disk out of
/// the figure); the default is the system temporary directory.
func scratch() throws -> URL {
    let arguments = CommandLine.arguments
    let base = arguments.firstIndex(of: "--dir").flatMap { $0 + 1 < arguments.count ? URL(fileURLWithPath: arguments[$0 + 1]) : nil }
        ?? FileManager.default.temporaryDirectory
    let url = base.appendingPathComponent("studio-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// N tracks sharing one fixture audio file, each shared: the publisher's work without rendering.
func benchPublish(tracks count: Int) throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let state = root.appendingPathComponent("state"), renders = state.appendingPathComponent("renders")
    let store = try StateStore(directory: state)
    let secret = try SigningSecret.load(from: state)
    let organization = try store.createOrganization(name: "bench", slug: "bench")
    try FileManager.default.createDirectory(at: renders.appendingPathComponent("fixture"), withIntermediateDirectories: true)
    let audio = Data(repeating: 0x55, count: 300_000)
    try audio.write(to: renders.appendingPathComponent("fixture/mix-mp3.mp3"))
    var random = SeededRandom(seed: 1)
    let (_, setup) = try time {
        try store.atomically {
            for index in 0..<count {
                let id = ObjectID.make(.track)
                let peaks = (0..<200).map { _ in Float(random.uniform(0.2...1)) }
                try store.saveTrack(Track(
                    id: id, organizationID: organization.id, creatorID: nil, title: "Track \(index)", engineKey: "lofi-1",
                    engineVersion: "bench", prompt: "late night lofi \(index)", durationSeconds: 120, bpm: 82, key: "A minor",
                    seed: UInt64(index), source: .recipe(file: "bench.json5", name: "t\(index)"),
                    licence: LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: true, attribution: "Samples by X"),
                    format: .mp3, sampleRate: 48_000, channels: 2, loudnessLUFS: -14, truePeakDBTP: -1.5, peaks: peaks,
                    files: [TrackFile(role: .mix, stem: nil, format: .mp3, path: "fixture/mix-mp3.mp3", sizeBytes: audio.count)],
                    inputHash: "h\(index)", createdAt: store.now, updatedAt: store.now))
                let shareID = ObjectID.make(.shareLink)
                _ = try store.createShare(id: shareID, organizationID: organization.id, creatorID: nil, target: .track(id),
                                          tokenHash: Credentials.hash(Credentials.shareToken(shareID: shareID, secret: secret)),
                                          expiresAt: nil)
            }
        }
    }
    let publisher = Publisher(store: store, secret: secret, engines: EngineCatalogue.descriptors, configuration: .init(
        outputDirectory: root.appendingPathComponent("public"), audioDirectory: renders, templatesDirectory: templates,
        baseURL: "https://music.example"))
    let (first, cold) = try time { try publisher.publish() }
    let (second, warm) = try time { try publisher.publish() }
    print("publish_tracks=\(count)")
    print("publish_setup_seconds=\(String(format: "%.2f", setup))")
    print("publish_cold_seconds=\(String(format: "%.2f", cold))")
    print("publish_cold_pages_per_second=\(Int(Double(first.pages) / cold))")
    print("publish_cold_files_written=\(first.written.count)")
    print("publish_nochange_seconds=\(String(format: "%.2f", warm))")
    print("publish_nochange_pages_per_second=\(Int(Double(second.pages) / warm))")
    print("publish_nochange_files_written=\(second.written.count)")
}

/// A recipe set of N one-second tracks, all shared: built once, then timed with no change.
func benchRebuild(tracks count: Int) throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let recipes = root.appendingPathComponent("recipes")
    try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)
    var text = "{ organization: \"bench\", tracks: {\n"
    for index in 0..<count {
        text += "  t\(index): { engine: \"pulse-1\", prompt: \"techno \(index % 7)\", duration: 1, seed: \(index), formats: [\"mp3\"] },\n"
    }
    text += "}, shares: [\n" + (0..<count).map { "  { track: \"t\($0)\" },\n" }.joined() + "] }\n"
    try text.write(to: recipes.appendingPathComponent("bench.json5"), atomically: true, encoding: .utf8)
    let options = BuildOptions(recipesDirectory: recipes, stateDirectory: root.appendingPathComponent("state"),
                               outputDirectory: root.appendingPathComponent("public"), templatesDirectory: templates,
                               jobs: ProcessInfo.processInfo.activeProcessorCount, baseURL: "https://music.example",
                               date: "2026-11-25")
    let (first, initial) = try time { try Builder(options: options).build() }
    var runs: [Double] = []
    var last: BuildReport?
    for _ in 0..<3 {
        let (report, seconds) = try time { try Builder(options: options).build() }
        runs.append(seconds)
        last = report
    }
    runs.sort()
    print("rebuild_tracks=\(count)")
    print("rebuild_initial_seconds=\(String(format: "%.2f", initial)) (rendered \(first.rendered.count))")
    print("rebuild_nochange_seconds_median=\(String(format: "%.3f", runs[1]))")
    print("rebuild_nochange_seconds_range=\(String(format: "%.3f", runs[0]))-\(String(format: "%.3f", runs[2]))")
    print("rebuild_nochange_renders=\(last?.rendered.count ?? -1)")
    print("rebuild_nochange_files_written=\(last?.publish.written.count ?? -1)")
}

do {
    switch CommandLine.arguments.dropFirst().first {
    case "publish": try benchPublish(tracks: option("--tracks", default: 10_000))
    case "rebuild": try benchRebuild(tracks: option("--tracks", default: 1_000))
    case "share-create":
        let arguments = CommandLine.arguments
        let counts = arguments.firstIndex(of: "--shares").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
            .map { $0.split(separator: ",").compactMap { Int($0) } } ?? [20, 10_000]
        try await benchShareCreate(counts: counts, repeats: option("--repeats", default: 41))
    case "final": try benchFinalBuild(tracks: option("--tracks", default: 100_000))
    default:
        FileHandle.standardError.write(Data("usage: studio-bench publish|rebuild|final [--tracks N] | share-create [--shares N,M]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("studio-bench: \(ErrorText.describe(error))\n".utf8))
    exit(1)
}
