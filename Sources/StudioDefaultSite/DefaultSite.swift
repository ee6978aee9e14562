import Foundation

/// The site's default theme compiled into the binary: every file of the repository's
/// `templates/` (the page templates, their partials, `style.css`, the focus player), so that a
/// copied `studio` publishes a complete site with no `templates/` beside it.
///
/// `embeddedFiles` is generated from `templates/` by the EmbedSiteTemplates build-tool plugin on
/// every build, so it always matches the sources it was built from.
public enum DefaultSite {
    /// Every built-in file by name (`track.html`, `style.css`, …), byte for byte as in `templates/`.
    public static let files: [String: Data] = Dictionary(
        embeddedFiles.map { ($0.name, Data(base64Encoded: $0.base64) ?? Data()) }, uniquingKeysWith: { first, _ in first })

    /// The built-in file names, sorted.
    public static var names: [String] { files.keys.sorted() }
}
