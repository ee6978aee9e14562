import Foundation

/// The directories every state-touching command agrees on (CONTRACT §2 defaults), from flags
/// or the environment, relative to the working directory.
struct SiteLocations {
    var recipes: URL
    var output: URL
    var state: URL
    /// Templates that replace built-in ones of the same name: `--templates`, `STUDIO_TEMPLATES`,
    /// or `templates/` when the working directory has one; nil for the built-in theme alone.
    var templates: URL?
    var baseURL: String
    /// The render cache: `--cache` (for the commands that take it), `STUDIO_CACHE`, or
    /// `renders/` inside the state. A cluster points every machine at one shared volume.
    var cache: URL

    static let valuedFlags: Set<String> = ["recipes", "out", "state", "templates", "base-url"]

    init(_ arguments: Arguments) throws(Arguments.UsageError) {
        // An empty variable counts as unset (`STUDIO_OUT= studio build` must not publish into ".").
        let environment = ProcessInfo.processInfo.environment.filter { !$0.value.isEmpty }
        func directory(_ flag: String, _ variable: String, _ fallback: String) -> URL {
            URL(fileURLWithPath: arguments.value(flag) ?? environment[variable] ?? fallback).standardizedFileURL
        }
        // Kept as given (not made absolute), so that diagnostics read `recipes/a.json5:4:7`.
        recipes = URL(fileURLWithPath: arguments.value("recipes") ?? environment["STUDIO_RECIPES"] ?? "recipes")
        output = directory("out", "STUDIO_OUT", "public")
        state = directory("state", "STUDIO_STATE", ".studio")
        templates = try Self.templates(arguments.value("templates"), environment["STUDIO_TEMPLATES"])
        baseURL = arguments.value("base-url") ?? environment["STUDIO_BASE_URL"] ?? "http://127.0.0.1:8080"
        let cachePath = [arguments.value("cache"), environment["STUDIO_CACHE"]].compactMap { $0 }.first { !$0.isEmpty }
        cache = cachePath.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? state.appendingPathComponent("renders")
    }

    /// A directory named by the user must exist (a typo must not silently publish the built-in
    /// theme); `templates/` in the working directory is used only when it is there.
    static func templates(_ flag: String?, _ variable: String?) throws(Arguments.UsageError) -> URL? {
        let named = [(flag, "--templates"), (variable, "STUDIO_TEMPLATES")].first { $0.0?.isEmpty == false }
        guard let (path, setting) = named, let path else {
            var isDirectory: ObjCBool = false
            let local = FileManager.default.fileExists(atPath: "templates", isDirectory: &isDirectory) && isDirectory.boolValue
            return local ? URL(fileURLWithPath: "templates").standardizedFileURL : nil
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Arguments.UsageError(description: "\(setting) \(path): no such directory (leave \(setting) out to use the "
                                       + "built-in templates, or run `studio templates export \(path)` to start from a copy of them)")
        }
        return URL(fileURLWithPath: path).standardizedFileURL
    }
}
