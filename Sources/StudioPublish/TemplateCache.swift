import Foundation
import Synchronization

/// The site theme of one override directory, parsed again only when a file in it changed.
///
/// `studio serve` publishes one page per share change; reading and parsing every template for
/// each would cost more than rendering the page. A change is seen by name, size, modification
/// time and inode of each `.html` file and `style.css` (an editor's save-by-rename changes the
/// inode), which is one directory listing and a `stat` per file. The built-in theme (no override
/// directory) never changes while the process runs.
final class TemplateCache: Sendable {
    private struct Entry {
        var directory: URL?
        var signature: [String]
        var theme: SiteTheme
    }

    private let entry = Mutex<Entry?>(nil)

    func theme(overrides directory: URL?) throws -> SiteTheme {
        let signature = directory.map(Self.signature(of:)) ?? []
        if let cached = entry.withLock({ $0 }), cached.directory == directory, cached.signature == signature { return cached.theme }
        let theme = try SiteTheme(overrides: directory)
        entry.withLock { $0 = Entry(directory: directory, signature: signature, theme: theme) }
        return theme
    }

    private static func signature(of directory: URL) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".html") || $0 == "style.css" }.sorted()
        return names.map { name in
            var info = stat()
            guard stat(directory.appendingPathComponent(name).path, &info) == 0 else { return name + ":missing" }
            return "\(name):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
        }
    }
}
