import Foundation
import StudioCore

/// The file names audio gets on the site: readable, ASCII, safe in any URL and on any host.
enum PublishedNames {
    /// "Late Night — Rain" → "late-night-rain"; nothing usable → "track".
    static func slug(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "track" : String(slug.prefix(60)).lowercased()
    }

    /// The name of one of a track's files; `prefix` numbers a collection's tracks ("03-").
    static func fileName(for file: TrackFile, trackTitle: String, prefix: String = "") -> String {
        let base = prefix + slug(trackTitle)
        let stem = file.stem.map { "." + slug($0) } ?? ""
        return base + stem + "." + file.format.fileExtension
    }

    /// "1.4 MB", "820 kB": decimal units, as browsers and players show sizes.
    static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        return "\(max(1, Int((Double(bytes) / 1000).rounded()))) kB"
    }
}
