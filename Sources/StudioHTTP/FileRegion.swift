#if canImport(Glibc)
import Glibc
#endif

/// An open file, closed when the last response that refers to it is gone.
///
/// A static file is opened and `fstat`ed once, by the responder: the size, validators and bytes
/// then all come from the same inode, even if the file is replaced (renamed over) meanwhile.
public final class OpenFile: Sendable {
    public let descriptor: Int32

    /// Takes ownership of `descriptor`.
    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// Opens `path` read-only, or returns `nil`.
    public convenience init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        self.init(descriptor: fd)
    }

    deinit { close(descriptor) }
}

/// A run of bytes of an open file, sent with `sendfile(2)` so that a large audio file is streamed
/// from the page cache and never loaded into memory whole.
public struct FileRegion: Sendable {
    public let file: OpenFile
    public let offset: Int
    public let length: Int

    public init(file: OpenFile, offset: Int, length: Int) {
        self.file = file
        self.offset = offset
        self.length = length
    }
}
