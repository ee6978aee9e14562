import Foundation
import StudioCore

/// A command that could not do its work for a reason the user can act on (a file that cannot
/// be written, a directory in the way); exits 1, where a usage error exits 2.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// Every error leaves `studio` the same way: one `studio: ` prefix (a message that names its
    /// command, "studio render: …", keeps the command after it), and never Foundation's
    /// `Error Domain=…` dump, which `ErrorText` turns into words.
    static func report(_ message: String) {
        var text = message
        if text.hasPrefix("studio ") { text.removeFirst("studio ".count) }
        if ErrorText.isRaw(text) { text = "an unexpected error; run again with the same arguments and report this if it repeats" }
        FileHandle.standardError.write(Data("studio: \(text)\n".utf8))
    }
}

/// The version `studio --version` prints.
enum StudioVersion {
    static let current = "0.1.0"
}
