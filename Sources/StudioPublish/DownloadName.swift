import Foundation
import StudioCore

/// What a downloaded file is called: the track's title, not the URL's slug (`Night Bus.mp3`,
/// `Night Bus - drums.wav`), as the share page's `download` attributes say and as `studio serve`
/// says in `Content-Disposition` (RFC 6266) when a link asks for a download (`?download=1`).
public enum DownloadName {
    /// The title (and stem) with the format's extension; path separators and control characters
    /// taken out, so that the name is one file name on any system.
    public static func fileName(title: String, stem: String?, format: AudioFormat) -> String {
        let base = stem.map { "\(title) - \($0)" } ?? title
        var name = String(String.UnicodeScalarView(base.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            if scalar == "/" || scalar == "\\" { return "-" }
            return scalar.properties.generalCategory == .control ? nil : scalar
        })).trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.hasPrefix(".") { name = "track" + name }
        return name + "." + format.fileExtension
    }

    /// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback (accents folded, quotes,
    /// backslashes, slashes and anything else outside printable ASCII made `_`) for old clients,
    /// and the exact name percent-encoded (RFC 8187) for the rest.
    public static func contentDisposition(fileName: String) -> String {
        let clean = String(String.UnicodeScalarView(fileName.unicodeScalars.filter { $0.properties.generalCategory != .control }))
        let folded = clean.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
        let fallback = String(folded.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F && !"\"\\/".unicodeScalars.contains(scalar)
                ? Character(scalar) : "_"
        })
        var encoded = ""
        for byte in clean.utf8 {
            // RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
            let char = Character(Unicode.Scalar(byte))
            if byte < 0x80, char.isLetter || char.isNumber || "!#$&+-.^_`|~".contains(char) {
                encoded.append(char)
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// The download name of `published`, a file name in a share's directory, among the share's
    /// tracks in page order (`numbered`: a collection, whose files start "01-"); nil when no
    /// track file has that name.
    public static func forPublishedFile(_ published: String, tracks: [Track], numbered: Bool) -> String? {
        for (index, track) in tracks.enumerated() {
            let prefix = numbered ? String(format: "%02d-", index + 1) : ""
            for file in track.files where PublishedNames.fileName(for: file, trackTitle: track.title, prefix: prefix) == published {
                return fileName(title: track.title, stem: file.stem, format: file.format)
            }
        }
        return nil
    }
}
