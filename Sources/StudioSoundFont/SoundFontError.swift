import Foundation

/// Everything that can be wrong with a SoundFont file, named by the chunk where it was found.
///
/// A SoundFont arrives from outside the program (a download, a user's disk), so a bad file is
/// an expected event, not a programming error: the reader never traps on one. Naming the chunk
/// ("pdta/shdr", "INFO/ifil", "RIFF") tells whoever reads the message where to look with a
/// hex editor or a font editor, and lets tests check that a corruption was caught by the
/// check meant for it rather than by accident further on.
public struct SoundFontError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
    /// The chunk path, such as `"pdta/shdr"`, `"sdta/smpl"`, `"INFO"` or `"RIFF"`; `"file"`
    /// for a failure to open or map the file before any chunk could be read.
    public let chunk: String
    /// What is wrong, with the record index and name when there is one.
    public let problem: String

    public init(chunk: String, _ problem: String) {
        self.chunk = chunk
        self.problem = problem
    }

    public var description: String { "\(chunk): \(problem)" }
    public var errorDescription: String? { description }
}
