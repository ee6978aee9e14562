import Foundation
import StudioBuild
import StudioStore

/// Whether the render-cache file a signed `/media` URL names can be served as what the API said
/// it is, checked before it is sent.
///
/// A signed URL is minted by the server for a file it holds, so a file that is missing while a
/// track still uses it, or shorter or longer than it was when rendered (a truncated copy, a disk
/// fault), is the server's fault: the client is told so with a 5xx and the operator with a log
/// line, instead of a 404 that blames the link or a 200 that hands out a damaged file. A file
/// gone because its track was deleted is the client's doing (a URL minted before the deletion)
/// and stays a 404.
struct MediaFileCheck: Sendable {
    let cache: RenderCache
    let store: StateStore

    enum Outcome: Equatable {
        case whole
        /// Not there, and no track uses it: the ordinary 404.
        case gone
        /// Why it cannot be served.
        case damaged(String)
    }

    /// `relative` is the decoded path under the cache, `<hash>/<file>`.
    func check(_ relative: String) -> Outcome {
        let path = cache.directory.appendingPathComponent(relative).path
        var info = stat()
        guard stat(path, &info) == 0 else {
            // Only on this rare path: the lookup scans the track files.
            return (try? store.isFileInUse(relative)) == true ? .damaged("is missing") : .gone
        }
        // The sizes the render recorded, beside its files (focus segments have none).
        let parts = relative.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let entry = cache.recordedEntry(String(parts[0])),
              let recorded = entry.files.first(where: { $0.path == relative })?.sizeBytes else { return .whole }
        let size = Int(info.st_size)
        return size == recorded ? .whole : .damaged("is \(size) bytes, rendered as \(recorded)")
    }
}
