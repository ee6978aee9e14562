import Foundation

/// Writes files under the site root atomically (temporary file, then rename) and only when
/// their bytes change, and afterwards removes what the site no longer holds.
///
/// Skipping unchanged files is what makes a no-change rebuild write nothing: a static host or a
/// CDN sync sees no new modification times, and nothing is invalidated for no reason.
final class SiteWriter {
    let root: URL
    private(set) var expected: Set<String> = []
    private(set) var written: [String] = []
    private(set) var removed: [String] = []
    private(set) var unchangedCount = 0
    private let manager = FileManager.default

    init(root: URL) throws {
        self.root = root
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Writes `data` to `path` (relative to the root, `/`-separated).
    func write(_ data: Data, to path: String) throws {
        expected.insert(path)
        let url = root.appendingPathComponent(path)
        if let existing = try? Data(contentsOf: url), existing == data {
            unchangedCount += 1
            return
        }
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(beside: url)
        guard manager.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o644]) else {
            throw PublishError.cannotWrite(url.path, reason: String(cString: strerror(errno)))
        }
        try moveIntoPlace(temporary, url)
        written.append(path)
    }

    func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Puts the audio file `source` at `path`: a hard link when the state and the site share a
    /// filesystem (no copy, no extra space), a copy otherwise; skipped when already the same.
    func place(_ source: URL, at path: String) throws {
        expected.insert(path)
        let url = root.appendingPathComponent(path)
        var sourceInfo = stat(), targetInfo = stat()
        guard stat(source.path, &sourceInfo) == 0 else {
            throw PublishError.missingAudio(source.path)
        }
        if stat(url.path, &targetInfo) == 0 {
            let sameFile = sourceInfo.st_ino == targetInfo.st_ino && sourceInfo.st_dev == targetInfo.st_dev
            if sameFile || (sourceInfo.st_size == targetInfo.st_size && manager.contentsEqual(atPath: source.path, andPath: url.path)) {
                unchangedCount += 1
                return
            }
        }
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(beside: url)
        if link(source.path, temporary.path) != 0 {
            do { try manager.copyItem(at: source, to: temporary) } catch {
                throw PublishError.cannotWrite(url.path, reason: "\(error)")
            }
        }
        try moveIntoPlace(temporary, url)
        written.append(path)
    }

    /// Removes every file under the managed `directories` (relative paths) that this publish did
    /// not write or confirm, then the directories left empty.
    func removeStale(under directories: [String]) throws {
        // A publish killed mid-write leaves its temporary files behind; the managed
        // directories are swept below, the root's own (404.html, robots.txt) here.
        for name in (try? manager.contentsOfDirectory(atPath: root.path)) ?? [] where Self.isTemporary(name) {
            try manager.removeItem(at: root.appendingPathComponent(name))
            removed.append(name)
        }
        for directory in directories {
            let base = root.appendingPathComponent(directory)
            guard let walker = manager.enumerator(at: base, includingPropertiesForKeys: [.isDirectoryKey]) else { continue }
            var folders: [URL] = []
            for case let url as URL in walker {
                let relative = String(url.path.dropFirst(root.path.count + 1))
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                    folders.append(url)
                } else if !expected.contains(relative) {
                    try manager.removeItem(at: url)
                    removed.append(relative)
                }
            }
            for folder in folders.sorted(by: { $0.path.count > $1.path.count })
            where (try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
                try manager.removeItem(at: folder)
            }
        }
    }

    private func temporaryURL(beside url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    }

    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.hasSuffix(".tmp") }

    private func moveIntoPlace(_ temporary: URL, _ url: URL) throws {
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: temporary)
            throw PublishError.cannotWrite(url.path, reason: reason)
        }
    }
}
