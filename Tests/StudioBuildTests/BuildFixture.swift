import Foundation
import StudioBuild
import StudioCore
import StudioStore

/// A scratch project: a recipes folder the test writes, and the state and site a build makes.
struct BuildFixture {
    let root: URL
    var recipes: URL { root.appendingPathComponent("recipes") }
    var state: URL { root.appendingPathComponent("state") }
    var output: URL { root.appendingPathComponent("public") }

    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates")

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: recipes.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func options(jobs: Int = 1, prune: Bool = false, state: URL? = nil, output: URL? = nil) -> BuildOptions {
        BuildOptions(recipesDirectory: recipes, stateDirectory: state ?? self.state, outputDirectory: output ?? self.output,
                     templatesDirectory: Self.templates, jobs: jobs, prune: prune, baseURL: "https://music.example",
                     date: "2026-11-25")
    }

    func build(jobs: Int = 1, prune: Bool = false) throws -> BuildReport {
        try Builder(options: options(jobs: jobs, prune: prune)).build()
    }

    func store() throws -> StateStore { try StateStore(directory: state) }

    /// Every file under `directory` with its modification time, to prove a rebuild touched nothing.
    func snapshot(_ directory: URL) -> [String: Date] {
        var result: [String: Date] = [:]
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.contentModificationDateKey,
                                                                                                      .isRegularFileKey]) else { return [:] }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .isRegularFileKey])
            if values?.isRegularFile == true { result[url.path] = values?.contentModificationDate }
        }
        return result
    }

    /// Two short pieces, a collection of both, a share of each kind.
    static let recipeSet = """
        // A small showcase, short enough for tests.
        {
          organization: "demo",
          tracks: {
            dawn: { engine: "ambient-1", prompt: "calm pads", duration: 4, seed: 1, formats: ["flac", "mp3"], title: "Dawn" },
            drive: { engine: "pulse-1", prompt: "techno", duration: "0:04", seed: 2, stems: true },
          },
          collections: {
            both: { name: "Both", description: "Two short pieces.", tracks: ["dawn", "drive"] },
          },
          shares: [ { collection: "both" }, { track: "drive" }, ],
          focus: { work: { engine: "ambient-1", prompt: "rain", target: "10:00" } },
        }
        """
}
