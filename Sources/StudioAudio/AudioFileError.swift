import CSndFile
#if canImport(Glibc)
import Glibc
#endif

/// A failure to open, write, read or close an audio file.
///
/// It names the file because a render writes several (mix, stems, previews) and
/// "System error: Permission denied" alone does not say which one to look at; the message is
/// libsndfile's own, so it matches what its documentation and bug reports talk about.
public struct AudioFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    /// The message libsndfile holds for `handle`, or its global message when opening failed,
    /// and the system's reason when the disk itself refused: an encoder that could not write
    /// says something about its own state ("problem with initialization of the flac decoder"
    /// on a full disk), which sends whoever reads it looking in the wrong place.
    static func libsndfile(path: String, handle: OpaquePointer?, context: String) -> AudioFileError {
        let code = errno
        let reason = sf_strerror(handle).map { String(cString: $0) } ?? "unknown libsndfile error"
        let diskErrors = [ENOSPC, EDQUOT, EIO, EFBIG, EROFS]
        guard diskErrors.contains(code), !reason.contains(String(cString: strerror(code))) else {
            return AudioFileError(path: path, message: "\(context): \(reason)")
        }
        return AudioFileError(path: path, message: "\(context): \(String(cString: strerror(code))) (\(reason))")
    }
}
