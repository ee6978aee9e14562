import Foundation
import StudioCore
import StudioBuild
import StudioPublish

/// `studio build`: apply the recipes, render what changed, publish `public/`; or, with
/// `--shard I/N`, only this machine's share of the missing renders, into the shared cache.
enum BuildCommand {
    static let help = """
    usage: studio build [--recipes DIR] [--out DIR] [--state DIR] [--cache DIR] [--jobs N] [--prune] [options]
           studio build --shard I/N [--recipes DIR] [--cache DIR] [--jobs N] [--date YYYY-MM-DD]

    Applies recipes/*.json5 to the state, renders every track whose inputs changed, and publishes
    the site. A second run with no change renders nothing and writes no file. A recipe set that
    does not validate writes nothing and lists every problem as file:line:column: message.
      --recipes DIR     recipe files (default recipes/)
      --out DIR         the published site (default public/)
      --state DIR       the state: database, signing secret (default .studio/)
      --cache DIR       the render cache, by hash of each render's inputs and engine version;
                        may be a volume shared by many machines (default $STUDIO_CACHE, else
                        STATE/renders)
      --templates DIR   templates replacing built-in ones of the same name (default
                        $STUDIO_TEMPLATES, else templates/ if present; see studio templates)
      --jobs N          renders at once (default 1); never changes the audio
      --prune           delete what the recipes created and no longer declare
      --base-url URL    the site's public address, for absolute links (default http://HOST:PORT
                        of studio.json5, else http://127.0.0.1:8080: where studio serve listens)

    Settings not given as flags come from STUDIO_* variables, then studio.json5 in the working
    directory (base_url, host, port, build: {jobs, prune}; docs/CONFIG.md).
      --date YYYY-MM-DD the date tag of new renders (default today, UTC); not part of the cache key
      --shard I/N       render only shard I of N (I from 0 to N-1) of the renders missing from the
                        cache, into the cache, and write nothing else: no state, no site. Run the
                        N shards anywhere, in any order; re-run one that died; then run a plain
                        `studio build`, which renders none of them again
      --json            print what was done as one JSON object on stdout
      -q, --quiet       print only errors
    """

    static func run(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "build",
                                      valued: SiteLocations.valuedFlags.union(["jobs", "date", "cache", "shard"]),
                                      boolean: ["prune", "quiet", "json"], aliases: ["q": "quiet"])
        guard arguments.positionals.isEmpty else {
            throw Arguments.UsageError(description: "build: unexpected argument \(arguments.positionals[0])")
        }
        let locations = try SiteLocations(arguments, command: "build")
        let settings = SiteSettings(arguments: arguments, command: "build", configuration: locations.configuration)
        let jobs = try settings.integer("jobs", "STUDIO_JOBS", configured: locations.configuration.build.jobs, default: 1, in: 1...64)
        let prune = try settings.boolean("prune", "STUDIO_PRUNE", configured: locations.configuration.build.prune)
        let date = arguments.value("date") ?? Timestamp.day(Date())
        guard date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else {
            throw Arguments.UsageError(description: "build: --date must be YYYY-MM-DD, got \(date)")
        }
        let shard = try arguments.value("shard").map { text in
            do { return try Shard(parsing: text) } catch {
                throw Arguments.UsageError(description: "build: invalid value for --shard: \(error)")
            }
        }
        if shard != nil && prune {
            throw Arguments.UsageError(description: "build: --prune changes the state, which --shard never writes; "
                                       + "give it to the plain `studio build` that follows the shards")
        }
        var options = BuildOptions(recipesDirectory: locations.recipes, stateDirectory: locations.state,
                                   outputDirectory: locations.output, templatesDirectory: locations.templates, jobs: jobs,
                                   prune: prune, baseURL: locations.baseURL, date: date,
                                   cacheDirectory: locations.cache)
        options.siteName = locations.title
        let reporter = BuildProgress(quiet: arguments.has("quiet"))
        do {
            if let shard {
                let report = try Builder(options: options).renderShard(shard, events: reporter.handle)
                if arguments.has("json") { print(BuildSummary.json(report, cache: locations.cache).serialized()) }
                reporter.summarise(report, cache: locations.cache)
            } else {
                let report = try Builder(options: options).build(events: reporter.handle)
                if arguments.has("json") { print(BuildSummary.json(report).serialized()) } else { reporter.summarise(report) }
            }
        } catch BuildError.invalidRecipes(let problems) {
            FileHandle.standardError.write(Data((problems + "\n").utf8))
            let count = problems.split(separator: "\n").count
            FileHandle.standardError.write(Data("studio: \(count) problem\(count == 1 ? "" : "s") in the recipes; nothing was written\n".utf8))
            exit(1)
        }
    }
}
