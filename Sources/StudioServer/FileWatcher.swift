import CLinuxIO
import Foundation
import Glibc
import Synchronization

/// Tells which files changed in a few directories (`studio serve --watch`), with Linux's inotify:
/// the kernel tells us, so an idle watch costs nothing, where polling the files' times would wake
/// up forever and still miss a change made within the same second.
///
/// Only the directories themselves are watched (recipes, templates and the project root are
/// flat), and only what a save does: a file written and closed, moved in or out (an editor's
/// atomic save is a write to a temporary file, then a rename over the old one), created or
/// deleted. Each directory's filter drops the rest (editor swap files, backups, other files of
/// the project root). Events are read on a thread of the watcher's own.
public final class FileWatcher: Sendable {
    /// A directory to watch, the name to report its files under (`recipes` reports
    /// `recipes/site.json5`; `.` the file name alone), and which of its file names matter.
    public struct Directory: Sendable {
        public let url: URL
        public let displayName: String
        public let accepts: @Sendable (String) -> Bool

        public init(url: URL, displayName: String, accepts: @escaping @Sendable (String) -> Bool) {
            self.url = url
            self.displayName = displayName
            self.accepts = accepts
        }
    }

    /// Why watching could not start: the directory, and the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a lost event queue is reported as: the kernel dropped events, so anything may have changed.
    public static let overflow = "(too many changes at once)"

    private let descriptor: Int32
    private let directories: [Int32: Directory]
    private let stopping = Atomic<Bool>(false)
    private static let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_CREATE)
        | UInt32(IN_DELETE)

    /// Starts watching; `changed` gets `displayName/file` for each change that passes its
    /// directory's filter, on the watcher's thread.
    public init(_ directories: [Directory], changed: @escaping @Sendable (String) -> Void) throws(Failure) {
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw Failure(description: "cannot watch files: inotify: \(String(cString: strerror(errno)))") }
        var watches: [Int32: Directory] = [:]
        for directory in directories {
            let watch = inotify_add_watch(descriptor, directory.url.path, Self.mask)
            guard watch >= 0 else {
                let reason = errno == ENOSPC
                    ? "the limit on inotify watches is reached (raise fs.inotify.max_user_watches)" : String(cString: strerror(errno))
                close(descriptor)
                throw Failure(description: "cannot watch \(directory.displayName): \(reason)")
            }
            watches[watch] = directory
        }
        self.directories = watches
        let thread = Thread { [self] in self.readEvents(changed) }
        thread.name = "studio file watcher"
        thread.start()
    }

    /// Stops the watching thread (within a quarter of a second) and closes the inotify descriptor.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    private func readEvents(_ changed: @Sendable (String) -> Void) {
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopping.load(ordering: .relaxed) {
            // A bounded wait, so that `stop()` is noticed without a second descriptor to wake us.
            var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&poll, 1, 250)
            if ready < 0 && errno != EINTR { return }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { return }
            for name in names(in: buffer[0..<count]) { changed(name) }
        }
    }

    /// The changes in a read's worth of `struct inotify_event`s: a 16-byte head (watch, mask,
    /// cookie, length of the name) and the name, NUL-padded. Parsed by hand: the struct ends in a
    /// flexible array, which Swift does not import.
    private func names(in bytes: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var offset = bytes.startIndex
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        while offset + 16 <= bytes.endIndex {
            let watch = Int32(bitPattern: word(offset)), mask = word(offset + 4), length = Int(word(offset + 12))
            let nameBytes = bytes[(offset + 16)..<min(bytes.endIndex, offset + 16 + length)]
            offset += 16 + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                names.append(Self.overflow)
                continue
            }
            guard let directory = directories[watch], !nameBytes.isEmpty else { continue }
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            if directory.accepts(name) { names.append(directory.displayName == "." ? name : directory.displayName + "/" + name) }
        }
        return names
    }
}
