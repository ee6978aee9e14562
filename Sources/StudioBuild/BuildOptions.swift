import Foundation
import StudioCore

/// Where `studio build` reads and writes, and how hard it works. None of it changes the audio.
public struct BuildOptions: Sendable {
    public var recipesDirectory: URL
    public var stateDirectory: URL
    public var outputDirectory: URL
    /// Templates laid over the built-in ones (`SiteTheme`); nil publishes with the built-in set.
    public var templatesDirectory: URL?
    /// Renders at once; each gets an equal share of the cores.
    public var jobs: Int
    /// Delete what the recipes created and no longer declare (CONTRACT §9).
    public var prune: Bool
    public var baseURL: String
    /// The site's name on its pages (`title` in studio.json5).
    public var siteName = "Music Studio"
    /// The date written into new renders' tags (`YYYY-MM-DD`); fixed by tests for byte-identical files.
    public var date: String
    /// Where renders are cached by the hash of their inputs; shared between machines in a cluster.
    public var cacheDirectory: URL

    public init(recipesDirectory: URL, stateDirectory: URL, outputDirectory: URL, templatesDirectory: URL?, jobs: Int = 1,
                prune: Bool = false, baseURL: String = "http://127.0.0.1:8080", date: String = Timestamp.day(Date()),
                cacheDirectory: URL? = nil) {
        self.recipesDirectory = recipesDirectory
        self.stateDirectory = stateDirectory
        self.outputDirectory = outputDirectory
        self.templatesDirectory = templatesDirectory
        self.jobs = max(1, jobs)
        self.prune = prune
        self.baseURL = baseURL
        self.date = date
        self.cacheDirectory = cacheDirectory ?? stateDirectory.appendingPathComponent("renders")
    }
}
