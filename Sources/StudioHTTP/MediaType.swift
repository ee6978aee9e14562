/// The `Content-Type` of a static file, from its extension.
///
/// Text types carry `charset=utf-8`: everything `studio publish` writes is UTF-8, and without the
/// parameter browsers guess.
public enum MediaType {
    static let byExtension: [String: String] = [
        "html": "text/html", "htm": "text/html", "css": "text/css", "js": "text/javascript",
        "mjs": "text/javascript", "json": "application/json", "svg": "image/svg+xml", "png": "image/png",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif",
        "ico": "image/x-icon", "txt": "text/plain", "xml": "application/xml", "m3u": "audio/x-mpegurl",
        "m3u8": "application/vnd.apple.mpegurl", "mp3": "audio/mpeg", "flac": "audio/flac", "ogg": "audio/ogg",
        "opus": "audio/ogg; codecs=opus", "wav": "audio/wav", "m4a": "audio/mp4", "mid": "audio/midi", "midi": "audio/midi", "woff2": "font/woff2",
        "woff": "font/woff", "pdf": "application/pdf", "webmanifest": "application/manifest+json",
    ]

    static let textual: Set<String> = [
        "text/html", "text/css", "text/javascript", "application/json", "image/svg+xml", "text/plain",
        "application/xml", "audio/x-mpegurl", "application/vnd.apple.mpegurl", "application/manifest+json",
    ]

    /// `text/html; charset=utf-8` for `index.html`; `application/octet-stream` when unknown.
    public static func forPath(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        let type = byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
        return textual.contains(type) ? "\(type); charset=utf-8" : type
    }
}
