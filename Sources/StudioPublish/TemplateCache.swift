import Foundation
import StudioTemplates
import Synchronization

/// The parsed templates of one directory, parsed again only when a file in it changed.
///
/// `studio serve` publishes one page per share change; reading and parsing every template for
/// each would cost more than rendering the page. A change is seen by name, size, modification
/// time and inode of each `.html` file (an editor's save-by-rename changes the inode), which is
/// one directory listing and a `stat` per template.
final class TemplateCache: Sendable {
    private struct Entry {
        var signature: [String]
        var templates: TemplateSet
    }

    private let entry = Mutex<Entry?>(nil)

    func templates(in directory: URL) throws -> TemplateSet {
        let signature = Self.signature(of: directory)
        if let cached = entry.withLock({ $0 }), cached.signature == signature { return cached.templates }
        let templates = try TemplateSet(directory: directory)
        entry.withLock { $0 = Entry(signature: signature, templates: templates) }
        return templates
    }

    private static func signature(of directory: URL) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".html") }.sorted()
        return names.map { name in
            var info = stat()
            guard stat(directory.appendingPathComponent(name).path, &info) == 0 else { return name + ":missing" }
            return "\(name):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
        }
    }
}
