import Foundation

/// A scratch project for `studio build`: recipes the test writes, with the repository's templates.
struct SiteProject {
    let root: URL
    var recipes: URL { root.appendingPathComponent("recipes") }
    var state: URL { root.appendingPathComponent("state") }
    var output: URL { root.appendingPathComponent("public") }

    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path

    init() throws {
        root = try StudioProcess.temporaryDirectory()
        try FileManager.default.createDirectory(at: recipes, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: recipes.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func remove(_ name: String) throws { try FileManager.default.removeItem(at: recipes.appendingPathComponent(name)) }

    var locations: [String] {
        ["--recipes", recipes.path, "--state", state.path, "--out", output.path, "--templates", Self.templates,
         "--base-url", "https://music.example", "--date", "2026-11-25"]
    }

    func build(_ extra: [String] = []) throws -> StudioProcess.Result {
        try StudioProcess.run(["build"] + locations + extra)
    }

    /// Relative path → bytes of every file under `directory`.
    func contents(of directory: URL) throws -> [String: Data] { try Self.contents(of: directory) }

    static func contents(of directory: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return [:]
        }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            result[String(url.path.dropFirst(directory.path.count + 1))] = try Data(contentsOf: url)
        }
        return result
    }
}
