import Foundation
import StudioBuild
import StudioRecipes
import StudioServer
import Synchronization

/// `studio serve --watch`: builds at start, then again whenever a recipe (`recipes/*.json5`), a
/// template (`templates/*.html`, `style.css`) or `studio.json5` changes, like `hugo server`.
///
/// A rebuild is `studio build` itself — the same `Builder` with the same recipes, state, cache,
/// templates and base URL as the server — run once the files have been quiet for
/// `quiet` (an editor's save is several events). Its problems go to the terminal and, through
/// `LiveReload`, over every open page; its changed pages reload. A rebuild that fails changes
/// nothing: recipes and `studio.json5` are validated, and the templates compiled, before the
/// state is opened (a recipe set that does not validate writes nothing; `Builder`).
final class ServeWatch: Sendable {
    /// Quiet time before a rebuild: long enough to take an editor's save (or a checkout) as one
    /// change, short enough to feel immediate.
    static let quiet: Duration = .milliseconds(200)

    let rebuilder: SiteRebuilder
    private let debouncer: Debouncer
    private let watcher = Mutex<FileWatcher?>(nil)

    /// `options` are the build's, with the server's base URL (so that the links a rebuild writes
    /// are the ones the server writes).
    init(options: BuildOptions, arguments: Arguments, configuration: SiteConfiguration, live: LiveReload) {
        let rebuilder = SiteRebuilder(options: options, arguments: arguments, startingConfiguration: configuration, live: live)
        self.rebuilder = rebuilder
        debouncer = Debouncer(quiet: Self.quiet, label: "studio.serve.watch") { changed in rebuilder.rebuild(because: changed) }
    }

    /// Starts watching, then builds once (before the server answers, so that the first page
    /// served is current). A change made during that build makes one more rebuild after it.
    func start() throws {
        var directories: [FileWatcher.Directory] = []
        func watch(_ url: URL, _ accepts: @escaping @Sendable (String) -> Bool) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                say("\(Self.display(url))/ does not exist; it is not watched (create it and restart studio serve --watch)")
                return
            }
            directories.append(FileWatcher.Directory(url: url, displayName: Self.display(url), accepts: accepts))
        }
        let options = rebuilder.options
        watch(options.recipesDirectory) { $0.hasSuffix(".json5") && !$0.hasPrefix(".") }
        if let templates = options.templatesDirectory {
            watch(templates) { ($0.hasSuffix(".html") || $0 == "style.css") && !$0.hasPrefix(".") }
        }
        let configuration = URL(fileURLWithPath: rebuilder.configurationPath)
        let configurationName = configuration.lastPathComponent
        watch(configuration.deletingLastPathComponent().standardizedFileURL) { $0 == configurationName }
        let debouncer = self.debouncer
        do {
            let started = try FileWatcher(directories) { debouncer.note($0) }
            watcher.withLock { $0 = started }
        } catch {
            throw ServeCommand.ServeError(message: "serve: --watch: \(error)")
        }
        say("watching " + directories.map { $0.displayName == "." ? configurationName : $0.displayName + "/" }
            .joined(separator: ", ") + " (--watch)")
        debouncer.exclusively { rebuilder.rebuild(because: []) }
    }

    func stop() { watcher.withLock { $0?.stop() } }

    private func say(_ text: String) { SiteRebuilder.say(text) }

    /// A directory as the user would name it: relative to the working directory when inside it.
    static func display(_ url: URL) -> String {
        let directory = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        if path == directory { return "." }
        return path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}
