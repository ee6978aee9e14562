import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioPublish

/// What the share paths need beyond liveness: the download name of a share's file, and which
/// page may be framed by other sites.
extension ShareGate {
    /// `/s/{token}/{file}` → the file's download name from its track's title ("Night Bus.mp3"),
    /// for `Content-Disposition` when a link asks for a download (`?download=1`); nil when the
    /// path is not one of a live share's track files.
    func downloadName(forPath path: String) -> String? {
        guard path.hasPrefix("/s/"), let token = Self.token(inPath: path) else { return nil }
        let file = String(path.dropFirst("/s/".count + token.count + 1))
        guard !file.isEmpty, !file.contains("/"), Credentials.isWellFormedShareToken(token),
              let link = try? store.share(tokenHash: Credentials.hash(token)), link.isLive(at: store.now) else { return nil }
        switch link.target {
        case .track(let id):
            guard let track = try? store.track(id: id) else { return nil }
            return DownloadName.forPublishedFile(file, tracks: [track], numbered: false)
        case .collection(let id):
            guard let collection = try? store.collection(id: id), let view = try? store.publicView(of: collection) else { return nil }
            return DownloadName.forPublishedFile(file, tracks: view.tracks, numbered: true)
        }
    }

    /// `/s/{token}/embed/` (or its `index.html`): the embeddable player, the one page another
    /// origin may put in a frame.
    static func isEmbedPage(_ path: String) -> Bool {
        guard path.hasPrefix("/s/"), let token = token(inPath: path) else { return false }
        let rest = path.dropFirst("/s/".count + token.count)
        return rest == "/embed/" || rest == "/embed/index.html"
    }
}

/// `Content-Disposition` for a response that is to be saved, not shown.
enum DownloadDisposition {
    /// A signed media URL's `download` parameter: a name the caller chose (the console passes the
    /// track's title), or "1"/empty for the file's own name. Never longer than 200 characters.
    static func header(requested: String, fallback: String) -> String {
        let name = requested.isEmpty || requested == "1" ? fallback : String(requested.prefix(200))
        return DownloadName.contentDisposition(fileName: name)
    }
}
