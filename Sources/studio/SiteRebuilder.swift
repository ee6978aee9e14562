import Foundation
import StudioBuild
import StudioCore
import StudioPublish
import StudioRecipes
import StudioServer

/// One rebuild of `studio serve --watch` (`ServeWatch` decides when): `studio build` itself —
/// the same `Builder` with the same recipes, state, cache and templates, and the server's base
/// URL — with its problems in the terminal and over the open pages (`LiveReload`), and the
/// pages it changed reloaded.
///
/// A rebuild that fails changes nothing: `studio.json5` and the recipes are validated, and the
/// templates compiled, before the state is opened (a recipe set that does not validate writes
/// nothing; `Builder`).
struct SiteRebuilder: Sendable {
    /// The build's options, with the server's base URL (so that a rebuild writes the links the
    /// server writes).
    let options: BuildOptions
    let arguments: Arguments
    /// The configuration the server started with: what a changed `studio.json5` can change
    /// without a restart is the build's settings (jobs, prune) only.
    let startingConfiguration: SiteConfiguration
    let live: LiveReload
    let configurationPath = ProcessInfo.processInfo.environment["STUDIO_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        ?? SiteConfiguration.fileName

    /// One rebuild; `ServeWatch` runs them on its debouncer's queue, so that two never overlap.
    func rebuild(because changed: [String]) {
        let started = ContinuousClock.now
        Self.say(changed.isEmpty ? "building" : "\(changed.joined(separator: ", ")) changed; rebuilding")
        switch attempt(configurationChanged: changed.contains { $0.hasSuffix(URL(fileURLWithPath: configurationPath).lastPathComponent) }) {
        case .success(let report):
            let files = Set(report.publish.written + report.publish.removed).map(LiveReload.sitePath(ofPublished:)).sorted()
            live.rebuilt(changed: files)
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            Self.say("rebuilt in \(String(format: "%.2f", seconds)) s: \(BuildProgress.count(files.count, "file")) changed"
                + (live.openPages > 0 ? "; open pages that changed reload" : ""))
        case .failure(let failure):
            FileHandle.standardError.write(Data((failure.problems.joined(separator: "\n") + "\n").utf8))
            let count = failure.problems.count
            let summary = failure.wroteNothing
                ? "\(count) problem\(count == 1 ? "" : "s"); nothing was written: the state and public/ are unchanged"
                : "the rebuild stopped part way; files not yet written keep their previous version"
            live.failed(problems: failure.problems, summary: summary)
            Self.say(summary + (live.openPages > 0 ? " (open pages show the problems)" : ""))
        }
    }

    /// Why a rebuild stopped: one line each, and whether it stopped before writing anything
    /// (a problem in the recipes, the templates or `studio.json5`, or a failed render, whose
    /// siblings are in the render cache only).
    struct Problems: Error {
        let problems: [String]
        var wroteNothing = true
    }

    /// The build, or every problem that stopped it, one `file:line:column: message` a line
    /// where the problem has a place.
    private func attempt(configurationChanged: Bool) -> Result<BuildReport, Problems> {
        var options = options
        do {
            let configuration = try SiteConfiguration.load(path: configurationPath)
            if configurationChanged { noteRestartSettings(configuration) }
            let settings = SiteSettings(arguments: arguments, command: "serve", configuration: configuration)
            options.jobs = try settings.integer("jobs", "STUDIO_JOBS", configured: configuration.build.jobs, default: 1, in: 1...64)
            options.prune = try settings.boolean("prune", "STUDIO_PRUNE", configured: configuration.build.prune)
        } catch let invalid as SiteConfiguration.Invalid {
            return .failure(Problems(problems: invalid.diagnostics.map(\.description)))
        } catch {
            return .failure(Problems(problems: ["\(error)"]))
        }
        // The templates first: a broken one must stop the build before the state changes.
        do { _ = try SiteTheme(overrides: options.templatesDirectory) } catch {
            return .failure(Problems(problems: error.description.split(separator: "\n").map(String.init)))
        }
        options.date = Timestamp.day(Date())
        do {
            return .success(try Builder(options: options).build(events: BuildProgress(quiet: false).handle))
        } catch BuildError.invalidRecipes(let problems) {
            return .failure(Problems(problems: problems.split(separator: "\n").map(String.init)))
        } catch let failure as BuildError {
            return .failure(Problems(problems: [failure.description]))
        } catch {
            return .failure(Problems(problems: [ErrorText.describe(error)], wroteNothing: false))
        }
    }

    /// Settings the running server took at start (where it listens, its links, the site's name
    /// on pages it republishes) change only with a restart: say so rather than half-apply them.
    private func noteRestartSettings(_ configuration: SiteConfiguration) {
        var changed: [String] = []
        if configuration.baseURL != startingConfiguration.baseURL { changed.append("base_url") }
        if configuration.host != startingConfiguration.host { changed.append("host") }
        if configuration.port != startingConfiguration.port { changed.append("port") }
        if configuration.title != startingConfiguration.title { changed.append("title") }
        if configuration.serve != startingConfiguration.serve { changed.append("serve") }
        guard !changed.isEmpty else { return }
        Self.say("\(configurationPath): \(changed.joined(separator: ", ")) changed; restart studio serve to apply "
            + (changed.count == 1 ? "it" : "them"))
    }

    static func say(_ text: String) {
        FileHandle.standardError.write(Data("studio serve: \(text)\n".utf8))
    }
}
