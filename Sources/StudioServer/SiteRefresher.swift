import Foundation
import StudioCore
import StudioEngine
import StudioPublish
import StudioStore

/// Keeps `public/` in step with the API (CONTRACT §1): after a share, a revoke, a deleted track
/// or a changed shared collection, the site is published again before the response goes out.
///
/// Publishes are serialised (an actor): two at once would race on the same files. A publish
/// rewrites only what changed, so the cost is the pages' rendering, not their writing.
actor SiteRefresher {
    private let publisher: Publisher
    private(set) var lastError: String?

    init(store: StateStore, secret: [UInt8], configuration: ServerConfiguration) {
        publisher = Publisher(store: store, secret: secret, engines: EngineCatalogue.descriptors, configuration: .init(
            outputDirectory: configuration.outputDirectory, audioDirectory: configuration.rendersDirectory,
            templatesDirectory: configuration.templatesDirectory, baseURL: configuration.baseURL))
    }

    /// Publishes now. A failure is kept and logged, not thrown: the API change itself succeeded
    /// and is in the state; the next publish (or `studio publish`) brings the site up to date.
    func refresh() {
        do {
            _ = try publisher.publish()
            lastError = nil
        } catch {
            lastError = ErrorText.describe(error)
            FileHandle.standardError.write(Data("studio serve: publishing public/ failed: \(ErrorText.describe(error))\n".utf8))
        }
    }
}
