import CSndFile

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

    /// The message libsndfile holds for `handle`, or its global message when opening failed.
    static func libsndfile(path: String, handle: OpaquePointer?, context: String) -> AudioFileError {
        let reason = sf_strerror(handle).map { String(cString: $0) } ?? "unknown libsndfile error"
        return AudioFileError(path: path, message: "\(context): \(reason)")
    }
}
