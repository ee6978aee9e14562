import Foundation
import StudioRecipes

/// The directories and the site address every state-touching command agrees on (CONTRACT §2
/// defaults), from flags, the environment or `studio.json5` (`SiteSettings` says in which order),
/// relative to the working directory.
struct SiteLocations {
    var recipes: URL
    var output: URL
    var state: URL
    /// Templates that replace built-in ones of the same name: `--templates`, `STUDIO_TEMPLATES`,
    /// or `templates/` when the working directory has one; nil for the built-in theme alone.
    var templates: URL?
    var baseURL: String
    /// The site's name on its pages: `STUDIO_TITLE`, else `title` in studio.json5.
    var title: String
    /// No flag, variable or file named the base URL: serve derives it from the port it bound.
    var usesDefaultBaseURL: Bool
    /// The render cache: `--cache` (for the commands that take it), `STUDIO_CACHE`, or
    /// `renders/` inside the state. A cluster points every machine at one shared volume.
    var cache: URL

    /// `studio.json5`, for the settings beyond the directories (serve's port, build's jobs…).
    var configuration: SiteConfiguration

    static let valuedFlags: Set<String> = ["recipes", "out", "state", "templates", "base-url"]

    /// `command` names the command in messages. A `studio.json5` that does not validate is a
    /// usage error (exit 2), its problems printed at their places.
    init(_ arguments: Arguments, command: String = "studio") throws(Arguments.UsageError) {
        configuration = try SiteSettings.loadConfiguration()
        let settings = SiteSettings(arguments: arguments, command: command, configuration: configuration)
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
        // Without a base URL anywhere, the address `studio serve` listens on by the same
        // settings: build and serve then write the same links.
        let host = settings.string("host", "STUDIO_HOST", configured: configuration.host) ?? "127.0.0.1"
        let port = try settings.integer("port", "STUDIO_PORT", configured: configuration.port, default: 8080, in: 0...65_535)
        baseURL = settings.string("base-url", "STUDIO_BASE_URL", configured: configuration.baseURL) ?? "http://\(host):\(port)"
        title = settings.string("title", "STUDIO_TITLE", configured: configuration.title) ?? "Music Studio"
        usesDefaultBaseURL = settings.string("base-url", "STUDIO_BASE_URL", configured: configuration.baseURL) == nil
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
