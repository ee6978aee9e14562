import Foundation
import StudioAPI
import StudioEngine
import StudioPublish
import StudioStore

/// `studio publish`: rewrite `public/` from the state alone.
enum PublishCommand {
    static let help = """
    usage: studio publish [--out DIR] [--state DIR] [--cache DIR] [--templates DIR] [--base-url URL]

    Writes the published site from the state: a page, audio and JSON mirror per live share link,
    the engine catalogue, 404.html and robots.txt; removes what revoked, expired or deleted links
    left. Run it after deleting public/, or with a new --base-url; links do not change. Audio
    comes from the render cache: --cache DIR, else $STUDIO_CACHE, else STATE/renders. The templates
    are built in; --templates DIR, else $STUDIO_TEMPLATES, else templates/ if present, replaces
    built-in files of the same name (studio templates export DIR writes them out).
    """

    static func run(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "publish", valued: SiteLocations.valuedFlags.union(["cache"]), boolean: ["quiet"], aliases: ["q": "quiet"])
        let locations = try SiteLocations(arguments, command: "publish")
        let store = try StateStore(directory: locations.state)
        let secret = try SigningSecret.load(from: locations.state)
        let report = try Publisher(store: store, secret: secret, engines: EngineCatalogue.descriptors, configuration: .init(
            outputDirectory: locations.output, audioDirectory: locations.cache,
            templatesDirectory: locations.templates, baseURL: locations.baseURL, siteName: locations.title)).publish()
        if !arguments.has("quiet") {
            FileHandle.standardError.write(Data(("publish: \(report.pages) share pages, \(report.written.count) files written, "
                + "\(report.removed.count) removed, \(report.unchanged) unchanged\n").utf8))
        }
    }
}
