import Foundation
import StudioAPI
import StudioCore
import StudioStore
import StudioTemplates
import Synchronization

/// The publish stage: writes `public/` from the state alone (CONTRACT §8).
///
/// Every live share gets its page, its audio and its JSON mirror; the engine catalogue, the
/// 404 page, the focus player (no data in it), robots.txt and the stylesheet are written beside them; then whatever a revoked,
/// expired or deleted share left behind is removed. Nothing private is read into the output:
/// only shared tracks and collections, and only their public fields.
public struct Publisher: Sendable {
    public struct Configuration: Sendable {
        public var outputDirectory: URL
        /// Where the tracks' audio files live (their paths are relative to it).
        public var audioDirectory: URL
        /// Templates that replace built-in ones of the same name (`SiteTheme`); nil for the
        /// theme compiled into the binary alone.
        public var templatesDirectory: URL?
        /// The site's public address, without a trailing slash: absolute URLs (Open Graph, the
        /// JSON mirrors) start with it. Pages link to each other relatively, so they work from
        /// any address; only these absolute URLs name one.
        public var baseURL: String
        public var siteName: String

        public init(outputDirectory: URL, audioDirectory: URL, templatesDirectory: URL?, baseURL: String,
                    siteName: String = "Music Studio") {
            self.outputDirectory = outputDirectory
            self.audioDirectory = audioDirectory
            self.templatesDirectory = templatesDirectory
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.siteName = siteName
        }
    }

    /// Directories the publisher owns: anything in them it did not write is stale.
    static let managedDirectories = ["s", "v1/music", "assets", "focus"]

    let store: StateStore
    let secret: [UInt8]
    let engines: [EngineDescriptor]
    let configuration: Configuration
    /// Shared by the copies of this publisher: `studio serve` renders one page per change.
    let templateCache = TemplateCache()
    /// Cover art drawn lately, by file name: every share of one track has the same picture,
    /// drawn once (a few hundred live links to one track are common).
    let coverCache = CoverCache()

    public init(store: StateStore, secret: [UInt8], engines: [EngineDescriptor], configuration: Configuration) {
        self.store = store
        self.secret = secret
        self.engines = engines
        self.configuration = configuration
    }

    public func publish() throws -> PublishReport {
        let theme: SiteTheme
        do { theme = try loadTheme() } catch {
            // Broken templates write no page, but must not keep a revoked or expired one up.
            try removeDeadShares()
            throw error
        }
        let templates = theme.templates
        let writer = try SiteWriter(root: configuration.outputDirectory)
        let context = SharePageContext(siteName: configuration.siteName,
                                       engineNames: Dictionary(engines.map { ($0.engineKey, $0.name) }, uniquingKeysWith: { a, _ in a }))
        // Pages are independent (each has its own directory), so they are written in parallel:
        // publishing is bound by file creation and template rendering, both of which scale.
        let shares = try store.liveShares()
        let failures = Mutex<[Int: any Error]>([:])
        let published = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: shares.count) { index in
            do {
                if try publish(shares[index], templates: templates, context: context, writer: writer) {
                    published.withLock { $0 += 1 }
                }
            } catch {
                failures.withLock { $0[index] = error }
            }
        }
        // A share that could not be published (its audio is missing from the state) keeps its
        // previous page, and does not hold back the rest: the other pages, and above all the
        // removal of revoked, expired and deleted ones, which must not wait for a repair.
        let failed = failures.withLock { $0 }
        for index in failed.keys {
            let token = Credentials.shareToken(shareID: shares[index].id, secret: secret)
            writer.keepExisting(under: ["s/\(token)", "v1/music/shares/\(token)"])
        }
        let pages = published.withLock { $0 }
        try writeSiteFiles(templates: templates, stylesheet: theme.stylesheet, writer: writer)
        try writer.removeStale(under: Self.managedDirectories)
        // The first failure in share order, so that the error does not depend on scheduling.
        if let first = failed.min(by: { $0.key < $1.key }) { throw first.value }
        return PublishReport(pages: pages, written: writer.written, removed: writer.removed, unchanged: writer.unchangedCount)
    }

    /// The templates, checked for the pages the publisher renders.
    /// The built-in theme with the configured override directory laid over it, parsed again only
    /// when a file there changed.
    func loadTheme() throws -> SiteTheme {
        let theme = try templateCache.theme(overrides: configuration.templatesDirectory)
        for name in ["track", "collection", "embed", "404", "focus"] where theme.templates[name] == nil { throw PublishError.missingTemplate(name) }
        return theme
    }

    func loadTemplates() throws -> TemplateSet { try loadTheme().templates }

    /// Writes one share's page, audio and mirror; false when its target no longer exists.
    func publish(_ share: ShareLink, templates: TemplateSet, context: SharePageContext, writer: SiteWriter) throws -> Bool {
        let token = Credentials.shareToken(shareID: share.id, secret: secret)
        switch share.target {
        case .track(let id):
            guard let track = try store.track(id: id) else { return false }
            try publishTrack(share, token: token, track: track, templates: templates, context: context, writer: writer)
        case .collection(let id):
            guard let collection = try store.collection(id: id) else { return false }
            try publishCollection(share, token: token, collection: collection, templates: templates, context: context, writer: writer)
        }
        return true
    }

    private func publishTrack(_ share: ShareLink, token: String, track: Track, templates: TemplateSet, context: SharePageContext,
                              writer: SiteWriter) throws {
        let directory = "s/\(token)"
        let files = try placeAudio(of: track, in: directory, prefix: "", writer: writer)
        let url = pageURL(token)
        let json = Representations.track(track, saved: nil) { file in PlaybackLink(url: files.link(file), expiresAt: nil) }
        try writer.write(ResolvedShare.track(share, url: url, track: json).data(pretty: true),
                         to: "v1/music/shares/\(token)/index.json")
        // From what the track is (its render inputs and title), not its id: two states that render the
        // same recipe (a sharded build and a one-machine one) publish the same picture.
        let cover = Cover(seed: "\(track.inputHash) \(track.title)", peaks: track.peaks)
        let page = context.page(kind: "track", url: url, token: token, title: track.title, cover: cover.name, expiresAt: share.expiresAt,
                                body: ("track", context.track(track, files: files)))
        try writer.write(try render(templates, "track", page), to: "\(directory)/index.html")
        let embed = context.page(kind: "track", url: url, token: token, title: track.title, cover: cover.name,
                                 expiresAt: share.expiresAt, depth: 1, body: ("track", context.track(track, files: files, urlPrefix: "../")))
        try writeExtras(directory: directory, url: url, title: track.title, embed: try render(templates, "embed", embed),
                        embedHeight: Self.trackEmbedHeight, cover: cover, writer: writer)
    }

    private func publishCollection(_ share: ShareLink, token: String, collection: MusicCollection, templates: TemplateSet,
                                   context: SharePageContext, writer: SiteWriter) throws {
        let directory = "s/\(token)"
        var jsonTracks: [JSONValue] = []
        var pageTracks: [TemplateValue] = []
        var embedTracks: [TemplateValue] = []
        var playlist = Playlist()
        // Only what the collection's owner may still read (issue #13): a borrowed track whose
        // link is gone leaves no title, prompt or audio here, not even a gap in the numbering.
        let (visible, tracks) = try store.publicView(of: collection)
        for (index, track) in tracks.enumerated() {
            let prefix = String(format: "%02d-", index + 1)
            let files = try placeAudio(of: track, in: directory, prefix: prefix, writer: writer)
            jsonTracks.append(Representations.track(track, saved: nil) { PlaybackLink(url: files.link($0), expiresAt: nil) })
            pageTracks.append(context.track(track, files: files, position: index + 1))
            embedTracks.append(context.track(track, files: files, position: index + 1, urlPrefix: "../"))
            if let primary = files.mixes.first { playlist.append(title: track.title, seconds: track.durationSeconds, file: primary.name) }
        }
        try writer.write(playlist.text, to: "\(directory)/playlist.m3u")
        let url = pageURL(token)
        try writer.write(ResolvedShare.collection(share, url: url, collection: visible, tracks: jsonTracks).data(pretty: true),
                         to: "v1/music/shares/\(token)/index.json")
        func body(_ cards: [TemplateValue], prefix: String) -> TemplateValue {
            .dictionary([
                "id": .string(collection.id), "name": .string(collection.name),
                "description": collection.description.map(TemplateValue.string) ?? .null,
                "track_count": .number(Double(cards.count)),
                "duration_text": .string(DurationText.format(seconds: tracks.reduce(0) { $0 + $1.durationSeconds })),
                "playlist_url": .string(prefix + "playlist.m3u"), "tracks": .array(cards),
            ])
        }
        // The cover of a collection: its tracks' waveforms one after another.
        let cover = Cover(seed: "\(collection.name) " + tracks.map(\.inputHash).joined(separator: " "), peaks: tracks.flatMap(\.peaks))
        let page = context.page(kind: "collection", url: url, token: token, title: collection.name, cover: cover.name,
                                expiresAt: share.expiresAt, body: ("collection", body(pageTracks, prefix: "")))
        try writer.write(try render(templates, "collection", page), to: "\(directory)/index.html")
        let embed = context.page(kind: "collection", url: url, token: token, title: collection.name, cover: cover.name,
                                 expiresAt: share.expiresAt, depth: 1, body: ("collection", body(embedTracks, prefix: "../")))
        try writeExtras(directory: directory, url: url, title: collection.name, embed: try render(templates, "embed", embed),
                        embedHeight: Self.collectionEmbedHeight, cover: cover, writer: writer)
    }

    /// The track's files placed in `directory`: mixes (primary first) and stems.
    private func placeAudio(of track: Track, in directory: String, prefix: String, writer: SiteWriter) throws -> PlacedAudio {
        var placed = PlacedAudio()
        // The primary mix first (browsers play the first source they can), other mixes, stems.
        func rank(_ file: TrackFile) -> Int { file.role == .stem ? 2 : file.format == track.format ? 0 : 1 }
        let ordered = track.files.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        for file in ordered {
            let name = PublishedNames.fileName(for: file, trackTitle: track.title, prefix: prefix)
            let path = "\(directory)/\(name)"
            try writer.place(configuration.audioDirectory.appendingPathComponent(file.path), at: path)
            let published = PublishedFile(source: file, name: name, relativeURL: name, absoluteURL: "\(configuration.baseURL)/\(path)")
            placed.byPath[file.path] = published
            if file.role == .mix { placed.mixes.append(published) } else { placed.stems.append(published) }
        }
        return placed
    }

    /// A share's cover art: what it is drawn from, and the file name that says so.
    struct Cover {
        let seed: String
        let peaks: [Float]
        var name: String { CoverArt.fileName(seed: seed, peaks: peaks) }
    }

    /// Embed heights (CSS pixels) the oEmbed answer asks for: one player, or a short list.
    static let trackEmbedHeight = 220
    static let collectionEmbedHeight = 420

    /// What sits beside a share page for other sites: the cover art (`og:image`), the embed page
    /// (`embed/`, which may be framed anywhere) and the oEmbed answer that points at it.
    private func writeExtras(directory: String, url: String, title: String, embed: String, embedHeight: Int, cover: Cover,
                             writer: SiteWriter) throws {
        try writer.writeOnce(to: "\(directory)/\(cover.name)") {
            coverCache.png(named: cover.name) { Data(CoverArt.png(seed: cover.seed, peaks: cover.peaks)) }
        }
        try writer.write(embed, to: "\(directory)/embed/index.html")
        let iframe = "<iframe src=\"\(HTMLEscaping.escape(url))embed/\" width=\"100%\" height=\"\(embedHeight)\" "
            + "title=\"\(HTMLEscaping.escape(title))\" loading=\"lazy\" style=\"border:0;max-width:640px\"></iframe>"
        let oembed: JSONValue = .object([
            "version": "1.0", "type": "rich", "title": .string(title), "provider_name": .string(configuration.siteName),
            "provider_url": .string(configuration.baseURL + "/"), "html": .string(iframe), "width": 640,
            "height": .number(Double(embedHeight)), "thumbnail_url": .string(url + cover.name),
            "thumbnail_width": .number(Double(CoverArt.width)), "thumbnail_height": .number(Double(CoverArt.height)),
            "cache_age": 3600,
        ])
        try writer.write(oembed.data(pretty: true), to: "\(directory)/oembed.json")
    }

    private func writeSiteFiles(templates: TemplateSet, stylesheet: Data?, writer: SiteWriter) throws {
        try writer.write(Representations.list(engines.map(Representations.engine)).data(pretty: true),
                         to: "v1/music/engines/index.json")
        // A static host answers any missing path with 404.html, at any depth, so its links cannot
        // be relative: they start at the site's root — the base URL's path, so that a site
        // published under https://host/music/ finds /music/assets/.
        let sitePath = URLComponents(string: configuration.baseURL)?.percentEncodedPath ?? ""
        let notFound: TemplateValue = .dictionary([
            "site": .dictionary(["name": .string(configuration.siteName), "assets_url": .string(sitePath + "/assets"),
                                 "generator": "Music Studio"]),
        ])
        try writer.write(try render(templates, "404", notFound), to: "404.html")
        // The focus player: one static page for every session (it reads the session and the
        // credential from the URL fragment), so its context is the site alone.
        let focus: TemplateValue = .dictionary([
            "site": .dictionary(["name": .string(configuration.siteName), "assets_url": "../assets", "generator": "Music Studio"]),
        ])
        try writer.write(try render(templates, "focus", focus), to: "focus/index.html")
        // Share pages are unlisted, not secret from crawlers that have the link: they carry
        // `noindex`, which a crawler can only see if robots.txt lets it fetch them. The JSON
        // mirrors and the audio have no reason to be crawled at all.
        try writer.write("User-agent: *\nDisallow: /v1/\nDisallow: /media/\n", to: "robots.txt")
        if let stylesheet { try writer.write(stylesheet, to: "assets/style.css") }
    }

    private func pageURL(_ token: String) -> String { "\(configuration.baseURL)/s/\(token)/" }

    private func render(_ templates: TemplateSet, _ name: String, _ context: TemplateValue) throws -> String {
        do { return try templates.render(name, context) } catch { throw PublishError.template("\(error)") }
    }
}

/// What a publish did, for the build's summary and for tests.
public struct PublishReport: Sendable, Equatable {
    public var pages: Int
    public var written: [String]
    public var removed: [String]
    public var unchanged: Int
}
