import Foundation
import StudioCore
import Synchronization

/// Writes files under the site root atomically (temporary file, then rename) and only when
/// their bytes change, and afterwards removes what the site no longer holds.
///
/// Skipping unchanged files is what makes a no-change rebuild write nothing: a static host or a
/// CDN sync sees no new modification times, and nothing is invalidated for no reason.
///
/// Pages are written from several threads at once; the bookkeeping sits behind one mutex and
/// the file system does the rest (each page has its own directory).
final class SiteWriter: Sendable {
    let root: URL
    private let state = Mutex(Bookkeeping())
    private var manager: FileManager { FileManager.default }

    private struct Bookkeeping {
        var expected: Set<String> = []
        var written: [String] = []
        var removed: [String] = []
        var unchanged = 0
        var createdDirectories: Set<String> = []
    }

    var written: [String] { state.withLock { $0.written.sorted() } }
    var removed: [String] { state.withLock { $0.removed.sorted() } }
    var unchangedCount: Int { state.withLock { $0.unchanged } }

    init(root: URL) throws {
        self.root = root
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Writes `data` to `path` (relative to the root, `/`-separated).
    func write(_ data: Data, to path: String) throws {
        state.withLock { _ = $0.expected.insert(path) }
        let url = root.appendingPathComponent(path)
        var info = stat()
        if stat(url.path, &info) == 0, Int(info.st_size) == data.count, let existing = try? Data(contentsOf: url), existing == data {
            state.withLock { $0.unchanged += 1 }
            return
        }
        try makeDirectory(for: path)
        let temporary = temporaryURL(beside: url)
        try Self.writeNew(data, at: temporary.path)
        try moveIntoPlace(temporary, url)
        state.withLock { $0.written.append(path) }
    }

    /// Creates a new file with `data` and nothing else: no atomic-write dance of its own (the
    /// caller renames it into place) and no fsync — a reader or a crashed build never sees a
    /// half-written page, which is what the site needs; durability is the state's job.
    static func writeNew(_ data: Data, at path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PublishError.cannotWrite(path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    let reason = String(cString: strerror(errno))
                    unlink(path)
                    throw PublishError.cannotWrite(path, reason: reason)
                }
                offset += count
            }
        }
    }

    /// The file's directory, created once per publish rather than once per file.
    private func makeDirectory(for path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let directory = String(path[..<slash])
        guard !state.withLock({ $0.createdDirectories.contains(directory) }) else { return }
        try manager.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        state.withLock { _ = $0.createdDirectories.insert(directory) }
    }

    func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Puts the audio file `source` at `path`: a hard link when the state and the site share a
    /// filesystem (no copy, no extra space), a copy otherwise; skipped when already the same.
    func place(_ source: URL, at path: String) throws {
        state.withLock { _ = $0.expected.insert(path) }
        let url = root.appendingPathComponent(path)
        var sourceInfo = stat(), targetInfo = stat()
        guard stat(source.path, &sourceInfo) == 0 else {
            throw PublishError.missingAudio(source.path)
        }
        if stat(url.path, &targetInfo) == 0 {
            let sameFile = sourceInfo.st_ino == targetInfo.st_ino && sourceInfo.st_dev == targetInfo.st_dev
            if sameFile || (sourceInfo.st_size == targetInfo.st_size && manager.contentsEqual(atPath: source.path, andPath: url.path)) {
                state.withLock { $0.unchanged += 1 }
                return
            }
        }
        try makeDirectory(for: path)
        let temporary = temporaryURL(beside: url)
        if link(source.path, temporary.path) != 0 {
            do { try manager.copyItem(at: source, to: temporary) } catch {
                throw PublishError.cannotWrite(url.path, reason: ErrorText.reason(error))
            }
        }
        try moveIntoPlace(temporary, url)
        state.withLock { $0.written.append(path) }
    }

    /// Writes `make()` to `path` unless a file is already there: for files whose name already
    /// says what is in them (a hash of their inputs), which are costly to make and never change.
    func writeOnce(to path: String, _ make: () -> Data) throws {
        var info = stat()
        if stat(root.appendingPathComponent(path).path, &info) == 0, info.st_size > 0 {
            state.withLock {
                _ = $0.expected.insert(path)
                $0.unchanged += 1
            }
            return
        }
        try write(make(), to: path)
    }

    /// Counts every file already under `directories` (relative paths) as written, so that
    /// `removeStale` leaves them: the previous version of a page that could not be written now.
    func keepExisting(under directories: [String]) {
        for directory in directories {
            guard let walker = manager.enumerator(atPath: root.appendingPathComponent(directory).path) else { continue }
            let paths = walker.compactMap { $0 as? String }.map { directory + "/" + $0 }
            state.withLock { $0.expected.formUnion(paths) }
        }
    }

    /// Removes every file under the managed `directories` (relative paths) that this publish did
    /// not write or confirm, then the directories left empty.
    func removeStale(under directories: [String]) throws {
        // A publish killed mid-write leaves its temporary files behind; the managed
        // directories are swept below, the root's own (404.html, robots.txt) here.
        for name in (try? manager.contentsOfDirectory(atPath: root.path)) ?? [] where Self.isTemporary(name) {
            try manager.removeItem(at: root.appendingPathComponent(name))
            state.withLock { $0.removed.append(name) }
        }
        let expected = state.withLock { $0.expected }
        for directory in directories {
            let base = root.appendingPathComponent(directory).path
            guard let walker = manager.enumerator(atPath: base) else { continue }
            var folders: [String] = []
            for case let relative as String in walker {
                let path = base + "/" + relative
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    folders.append(path)
                } else if !expected.contains(directory + "/" + relative) {
                    try manager.removeItem(atPath: path)
                    state.withLock { $0.removed.append(directory + "/" + relative) }
                }
            }
            // Deepest first, so that a folder emptied by removing its last subfolder goes too.
            for folder in folders.sorted(by: { $0.count > $1.count })
            where (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty == true {
                try manager.removeItem(atPath: folder)
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
