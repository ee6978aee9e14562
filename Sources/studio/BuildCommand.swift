import Foundation
import StudioCore
import StudioBuild
import StudioPublish

/// `studio build`: apply the recipes, render what changed, publish `public/`.
enum BuildCommand {
    static let help = """
    usage: studio build [--recipes DIR] [--out DIR] [--state DIR] [--jobs N] [--prune] [options]

    Applies recipes/*.json5 to the state, renders every track whose inputs changed, and publishes
    the site. A second run with no change renders nothing and writes no file. A recipe set that
    does not validate writes nothing and lists every problem as file:line:column: message.
      --recipes DIR     recipe files (default recipes/)
      --out DIR         the published site (default public/)
      --state DIR       the state: database, signing secret, render cache (default .studio/)
      --templates DIR   share page templates (default templates/)
      --jobs N          renders at once (default 1); never changes the audio
      --prune           delete what the recipes created and no longer declare
      --base-url URL    the site's public address, for absolute links (default http://127.0.0.1:8080)
      --date YYYY-MM-DD the date tag of new renders (default today, UTC)
      -q, --quiet       print only errors
    """

    static func run(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "build", valued: SiteLocations.valuedFlags.union(["jobs", "date"]),
                                      boolean: ["prune", "quiet"], aliases: ["q": "quiet"])
        guard arguments.positionals.isEmpty else {
            throw Arguments.UsageError(description: "build: unexpected argument \(arguments.positionals[0])")
        }
        let locations = SiteLocations(arguments)
        var jobs = 1
        if let text = arguments.value("jobs") {
            guard let value = Int(text), (1...64).contains(value) else {
                throw Arguments.UsageError(description: "build: --jobs must be a whole number from 1 to 64, got \(text)")
            }
            jobs = value
        }
        let date = arguments.value("date") ?? Timestamp.day(Date())
        guard date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else {
            throw Arguments.UsageError(description: "build: --date must be YYYY-MM-DD, got \(date)")
        }
        let options = BuildOptions(recipesDirectory: locations.recipes, stateDirectory: locations.state,
                                   outputDirectory: locations.output, templatesDirectory: locations.templates, jobs: jobs,
                                   prune: arguments.has("prune"), baseURL: locations.baseURL, date: date)
        let reporter = BuildProgress(quiet: arguments.has("quiet"))
        do {
            let report = try Builder(options: options).build(events: reporter.handle)
            reporter.summarise(report)
        } catch BuildError.invalidRecipes(let problems) {
            FileHandle.standardError.write(Data((problems + "\n").utf8))
            let count = problems.split(separator: "\n").count
            FileHandle.standardError.write(Data("build: \(count) problem\(count == 1 ? "" : "s") in the recipes; nothing was written\n".utf8))
            exit(1)
        }
    }
}

/// Build progress: a bar with an ETA on a terminal, one plain line per render otherwise.
final class BuildProgress: Sendable {
    let quiet: Bool
    let bar = ProgressBar(label: "rendering")
    let isTerminal = isatty(STDERR_FILENO) == 1

    init(quiet: Bool) { self.quiet = quiet }

    func handle(_ event: BuildEvent) {
        guard !quiet else { return }
        switch event {
        case .planned(let renders, let seconds, let unchanged):
            line("plan: \(renders) render\(renders == 1 ? "" : "s") (\(Int(seconds.rounded())) s of audio), \(unchanged) unchanged")
        case .renderStarted(let name):
            if !isTerminal { line("render: \(name)") }
        case .renderProgress(let fraction):
            bar.update(fraction)
        case .renderFinished(let name, let seconds):
            if isTerminal { bar.finish() }
            line("rendered: \(name) in \(String(format: "%.1f", seconds)) s")
        case .applied(let changes):
            let parts = changes.created.sorted { $0.key < $1.key }.map { "+\($0.value) \($0.key)" }
                + changes.updated.sorted { $0.key < $1.key }.map { "~\($0.value) \($0.key)" }
                + changes.deleted.sorted { $0.key < $1.key }.map { "-\($0.value) \($0.key)" }
            line("state: " + (parts.isEmpty ? "unchanged" : parts.joined(separator: ", ")))
            for note in changes.notes { line("note: \(note)") }
        case .published(let report):
            line("publish: \(report.pages) share page\(report.pages == 1 ? "" : "s"), \(report.written.count) file"
                 + "\(report.written.count == 1 ? "" : "s") written, \(report.removed.count) removed, \(report.unchanged) unchanged")
        }
    }

    /// The share URLs go to stdout even with --quiet: they are the build's output for scripts.
    func summarise(_ report: BuildReport) {
        for share in report.shareURLs { print("\(share.organization)/\(share.target): \(share.url)") }
    }

    private func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
