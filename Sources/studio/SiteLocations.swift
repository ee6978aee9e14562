import Foundation

/// The directories every state-touching command agrees on (CONTRACT §2 defaults), from flags
/// or the environment, relative to the working directory.
struct SiteLocations {
    var recipes: URL
    var output: URL
    var state: URL
    var templates: URL
    var baseURL: String
    /// The render cache: `--cache` (for the commands that take it), `STUDIO_CACHE`, or
    /// `renders/` inside the state. A cluster points every machine at one shared volume.
    var cache: URL

    static let valuedFlags: Set<String> = ["recipes", "out", "state", "templates", "base-url"]

    init(_ arguments: Arguments) {
        let environment = ProcessInfo.processInfo.environment
        func directory(_ flag: String, _ variable: String, _ fallback: String) -> URL {
            URL(fileURLWithPath: arguments.value(flag) ?? environment[variable] ?? fallback).standardizedFileURL
        }
        // Kept as given (not made absolute), so that diagnostics read `recipes/a.json5:4:7`.
        recipes = URL(fileURLWithPath: arguments.value("recipes") ?? environment["STUDIO_RECIPES"] ?? "recipes")
        output = directory("out", "STUDIO_OUT", "public")
        state = directory("state", "STUDIO_STATE", ".studio")
        templates = directory("templates", "STUDIO_TEMPLATES", "templates")
        baseURL = arguments.value("base-url") ?? environment["STUDIO_BASE_URL"] ?? "http://127.0.0.1:8080"
        let cachePath = [arguments.value("cache"), environment["STUDIO_CACHE"]].compactMap { $0 }.first { !$0.isEmpty }
        cache = cachePath.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? state.appendingPathComponent("renders")
    }
}
