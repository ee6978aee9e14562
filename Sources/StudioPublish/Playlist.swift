import Foundation

/// A collection's M3U playlist, written so that no title can add a line to it.
///
/// M3U is line-based: a player reads every line that is not a `#` comment as a media URL, and
/// some split lines at CR, NEL or the Unicode separators, not only at LF. A title is the only
/// text from users in the file (file names are slugs), so every control character and line or
/// paragraph separator in it becomes a space — whatever the API or the recipes let through, and
/// whatever an older state holds.
struct Playlist {
    private(set) var text = "#EXTM3U\n"

    mutating func append(title: String, seconds: Double, file: String) {
        text += "#EXTINF:\(Int(seconds.rounded())),\(Self.lineSafe(title))\n"
        text += Self.lineSafe(file) + "\n"
    }

    /// `text` on one line: controls (C0, DEL, C1) and U+2028/U+2029 replaced by spaces.
    static func lineSafe(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let breaks = scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
            result.append(breaks ? " " : scalar)
        }
        return String(result)
    }
}
