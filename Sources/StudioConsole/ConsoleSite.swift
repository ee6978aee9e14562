import Foundation

/// The browser console `studio serve` answers at `/studio/` (issue #17): every file of the
/// repository's `console/` — one page, its style sheet and its script — compiled into the binary,
/// so that it is served by any copied `studio` and never written to `public/` (a static host has
/// no API for it to talk to, and it holds nobody's data: the credential lives in the browser's
/// `sessionStorage`).
///
/// `embeddedFiles` is generated from `console/` by the EmbedSiteTemplates build-tool plugin on
/// every build, so it always matches the sources it was built from.
public enum ConsoleSite {
    /// Every file by name (`index.html`, `console.js`, …), byte for byte as in `console/`.
    public static let files: [String: Data] = Dictionary(
        embeddedFiles.map { ($0.name, Data(base64Encoded: $0.base64) ?? Data()) }, uniquingKeysWith: { first, _ in first })
}
