/// What free text a client may store: no control characters.
///
/// A title or name ends up in places that give control characters meaning — an `.m3u` line, an
/// HTTP header, a terminal, a log line — so they are refused where text enters (the API, the
/// recipes, the CLI) rather than escaped at every exit. The rejected set is C0 (U+0000–U+001F),
/// DEL (U+007F), C1 (U+0080–U+009F) and the Unicode line and paragraph separators (U+2028,
/// U+2029), which JavaScript and some editors treat as line breaks. Multi-line fields (prompts,
/// descriptions) may keep tab and line feed; a carriage return is refused everywhere, so that a
/// line break is always exactly one `\n`.
public enum TextRules {
    /// The exceptions a multi-line field allows: tab and line feed.
    public static let multiLine: Set<Unicode.Scalar> = ["\t", "\n"]

    /// The first forbidden control character in `text`, or nil.
    public static func firstControl(in text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
            return control && !allowed.contains(scalar)
        }
    }

    public static func containsControl(_ text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Bool {
        firstControl(in: text, allowing: allowed) != nil
    }

    /// `U+000D` for a scalar, as error messages name it.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
