import Foundation

/// `studio init [DIR]`: a project to start from, as `hugo new site` makes one: a recipe with one
/// short track and its share, `studio.json5`, and a README saying what to run. A directory with
/// anything in it is left alone unless `--force`, so that nobody's files are overwritten by accident.
enum InitCommand {
    static let help = """
    usage: studio init [DIR] [--force]

    Creates a project in DIR (default: the working directory): studio.json5 (the site's address
    and defaults, docs/CONFIG.md), recipes/site.json5 (one 8-second track and a share of it) and
    README.md. Refuses a directory that is not empty unless --force, which overwrites those three
    files and leaves every other file alone. Then: cd DIR && studio build && studio serve.
    """

    static let configuration = """
    // The site's settings, read by studio build, publish and serve (docs/CONFIG.md).
    // A flag outranks a STUDIO_* variable, which outranks this file.
    {
      title: "My Studio",
      host: "127.0.0.1",
      port: 8080,                 // links are http://HOST:PORT/… unless base_url says otherwise
      // base_url: "https://music.example",
      build: { jobs: 1, prune: false },
      serve: { workers: 2, quota: 36000, rate_limit: 20 },
    }

    """

    static let recipe = """
    // What studio build makes: tracks, collections and shares (docs/RECIPES.md).
    {
      organization: "studio",
      tracks: {
        "first-light": {
          engine: "ambient-1",
          prompt: "warm evolving pads for a slow sunrise",
          duration: 8,            // seconds; "2:00" for two minutes
          seed: 1,
          formats: ["mp3"],
          title: "First Light",
        },
      },
      shares: [{ track: "first-light" }],
    }

    """

    static let readme = """
    # My Studio

    Made with `studio init`: `studio build` renders recipes/ and publishes public/; `studio serve` serves it with the live API.

    """

    static func run(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "init", valued: [], boolean: ["force"])
        guard arguments.positionals.count <= 1 else {
            throw Arguments.UsageError(description: "init: expected at most one directory, got \(arguments.positionals.joined(separator: " "))")
        }
        let path = arguments.positionals.first ?? "."
        let directory = URL(fileURLWithPath: path)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CommandError("init: \(path) is a file, not a directory") }
            let entries = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
            if !entries.isEmpty && !arguments.has("force") {
                throw CommandError("init: \(path) is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")); "
                                   + "choose an empty or new directory, or give --force to write the project files into it")
            }
        }
        do {
            try manager.createDirectory(at: directory.appendingPathComponent("recipes"), withIntermediateDirectories: true)
            try configuration.write(to: directory.appendingPathComponent("studio.json5"), atomically: true, encoding: .utf8)
            try recipe.write(to: directory.appendingPathComponent("recipes/site.json5"), atomically: true, encoding: .utf8)
            try readme.write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        } catch {
            throw CommandError("init: cannot write the project into \(path): \(error.localizedDescription)")
        }
        let enter = path == "." ? "" : "cd \(path) && "
        print("""
        Created a project in \(path): studio.json5, recipes/site.json5, README.md.
        Next:
          \(enter)studio build     render the recipes and publish public/
          studio serve              serve the site and the API at http://127.0.0.1:8080/
        """)
    }
}
