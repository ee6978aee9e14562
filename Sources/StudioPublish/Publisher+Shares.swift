import Foundation
import StudioAPI
import StudioCore
import StudioTemplates

/// Publishing only what a change touches (issue #13): `studio serve` calls this with the links
/// whose pages a share, a revoke or a collection change affects, so that its cost is theirs and
/// not that of every live link of every organization. `publish()` stays the full rewrite.
extension Publisher {
    /// Brings the files of exactly these links in step with the state: a live link's page,
    /// audio and mirror are written (what its page no longer holds is removed); a revoked,
    /// expired or deleted link's directories are removed. Templates are read only when a page
    /// is to be written, so that broken templates never hold back a removal. A link that cannot
    /// be written keeps its previous files; the first such error is thrown after all the rest.
    public func publish(shares: [ShareLink]) throws -> PublishReport {
        let writer = try SiteWriter(root: configuration.outputDirectory)
        let now = store.now
        var templates: TemplateSet?
        var context: SharePageContext?
        var pages = 0
        var directories: [String] = []
        var removed: [String] = []
        var firstError: (any Error)?
        for share in shares {
            let token = Credentials.shareToken(shareID: share.id, secret: secret)
            let own = ["s/\(token)", "v1/music/shares/\(token)"]
            guard share.isLive(at: now) else {
                removed += try own.filter(removeDirectory)
                continue
            }
            directories += own
            do {
                let loaded = try templates ?? loadTemplates()
                templates = loaded
                let pageContext = context ?? SharePageContext(
                    siteName: configuration.siteName,
                    engineNames: Dictionary(engines.map { ($0.engineKey, $0.name) }, uniquingKeysWith: { a, _ in a }))
                context = pageContext
                if try publish(share, templates: loaded, context: pageContext, writer: writer) { pages += 1 }
            } catch {
                writer.keepExisting(under: own)
                firstError = firstError ?? error
            }
        }
        try writer.removeStale(under: directories)
        if let firstError { throw firstError }
        return PublishReport(pages: pages, written: writer.written, removed: (writer.removed + removed).sorted(),
                             unchanged: writer.unchangedCount)
    }

    /// Removes a link's directory and all in it; false when there was none.
    private func removeDirectory(_ relative: String) throws -> Bool {
        let url = configuration.outputDirectory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { return false }
        do { try FileManager.default.removeItem(at: url) } catch {
            throw PublishError.cannotWrite(url.path, reason: "\(error)")
        }
        return true
    }

    /// Removes the files of every link that is not live, and nothing else: what a publish whose
    /// templates cannot be read still owes the links that were revoked or have expired.
    func removeDeadShares() throws {
        let writer = try SiteWriter(root: configuration.outputDirectory)
        let live = try store.liveShares().map { Credentials.shareToken(shareID: $0.id, secret: secret) }
        writer.keepExisting(under: live.flatMap { ["s/\($0)", "v1/music/shares/\($0)"] })
        try writer.removeStale(under: ["s", "v1/music/shares"])
    }
}
