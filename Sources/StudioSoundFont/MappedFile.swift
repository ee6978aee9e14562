#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only, private memory map of a whole file.
///
/// A General MIDI SoundFont is ~150 MB of which a piece of music touches a few MB, so the
/// sample data is mapped rather than read: pages come in from the page cache only when a voice
/// plays them, several processes share the same physical pages, and opening a font costs
/// little more than parsing its few hundred KB of preset data. `PROT_READ` makes a stray write
/// fault instead of corrupting the font; `MAP_PRIVATE` keeps our view from being a writable
/// shared mapping of the user's file.
///
/// This is a plain value with an explicit `unmap()` rather than a class with a `deinit`, so
/// that ownership is visible: `SoundFont.open` unmaps it if parsing fails, and `SoundFont`
/// unmaps it in its own `deinit` once it has taken it over.
///
/// Caveat that no reader can remove: if another process truncates the file while it is
/// mapped, touching the vanished pages raises SIGBUS. Fonts are replaced, not rewritten in
/// place, by every tool we know of; the fingerprint lets a caller notice a replaced file.
struct MappedFile {
    let base: UnsafeRawPointer
    let length: Int

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    /// Maps `path`. Files shorter than a RIFF header are rejected here, because `mmap` of an
    /// empty file fails with a less useful message.
    static func map(path: String) throws -> MappedFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SoundFontError(chunk: "file", "cannot open '\(path)': \(systemMessage(errno))")
        }
        defer { close(fd) } // the mapping keeps its own reference to the file

        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw SoundFontError(chunk: "file", "cannot stat '\(path)': \(systemMessage(errno))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw SoundFontError(chunk: "file", "'\(path)' is not a regular file")
        }
        let length = Int(status.st_size)
        guard length >= 12 else {
            throw SoundFontError(
                chunk: "RIFF", "file is \(length) bytes, shorter than the 12-byte RIFF header")
        }
        let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw SoundFontError(chunk: "file", "cannot map '\(path)': \(systemMessage(errno))")
        }
        return MappedFile(base: UnsafeRawPointer(address), length: length)
    }

    /// Releases the mapping. Must be called exactly once, after the last use of `bytes`.
    func unmap() {
        _ = munmap(UnsafeMutableRawPointer(mutating: base), length)
    }

    private static func systemMessage(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
