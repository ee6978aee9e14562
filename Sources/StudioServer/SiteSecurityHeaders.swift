import Foundation
import StudioCore
import StudioHTTP
import Synchronization

/// The headers `studio serve` adds to everything it serves from `public/` — share pages, their
/// JSON mirrors and audio, the focus player — so that a browser neither guesses types, nor leaks
/// a page's address (its share token, or a focus link's fragment-free path) to the sites it
/// links to, nor runs anything the page did not ship, nor lets another site frame it:
///
/// * `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` on every response;
/// * on HTML, a `Content-Security-Policy` that allows scripts, styles, images, audio and API
///   calls from this origin (and the base URL's, where signed media URLs point) and nothing else.
///   The pages' scripts are inline by design (docs/TEMPLATES.md), so each inline `<script>` is
///   allowed by its SHA-256, computed here from the file being served: the policy always matches
///   the templates in use, and an injected script, having another hash, is refused. `'self'` in
///   `frame-ancestors`: a share page is meant to be linked, not embedded elsewhere (a site that
///   framed it could dress the player up as its own). The one exception is a share's embed
///   page (`/s/{token}/embed/`, issue #17), made to be framed: its `frame-ancestors` is `*`.
///
/// Hashes are cached by the file's ETag (size, mtime, inode), so a page is read once per version.
final class SiteSecurityHeaders: Sendable {
    /// What `connect-src` and `media-src` allow: this origin, and the base URL's when it differs.
    private let origins: String
    private let cache = Mutex<[String: String]>([:])
    /// Pages are small; a larger HTML file is served with a policy allowing no inline script.
    static let largestPageRead = 4 << 20

    init(baseURL: String) {
        let components = URLComponents(string: baseURL)
        if let scheme = components?.scheme, let host = components?.host {
            origins = "'self' \(scheme)://\(host)\(components?.port.map { ":\($0)" } ?? "")"
        } else {
            origins = "'self'"
        }
    }

    /// `response` with the headers; its body is untouched. `frameable`: any site may frame it.
    func secured(_ response: HTTPResponse, frameable: Bool = false) -> HTTPResponse {
        var response = response
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        guard response.headers["Content-Type"]?.hasPrefix("text/html") == true else { return response }
        response.headers["Content-Security-Policy"] = policy(for: response, frameable: frameable)
        return response
    }

    func policy(for response: HTTPResponse, frameable: Bool = false) -> String {
        // Only a whole page's hashes are kept for its version: a 206 holds part of the file, and
        // its policy must not become every later client's.
        let key = response.status == .ok ? response.headers["ETag"].map { frameable ? $0 + " frameable" : $0 } : nil
        if let key, let cached = cache.withLock({ $0[key] }) { return cached }
        let html: [UInt8]
        switch response.body {
        case .bytes(let bytes): html = bytes
        case .file(let region): html = Self.read(region) ?? []
        case .stream: html = []  // a page is never streamed; events carry no script
        }
        let hashes = Self.inlineScripts(in: html).map { "'sha256-\(Data(SHA256.hash(Self.normalisingNewlines($0)).bytes).base64EncodedString())'" }
        let policy = (["default-src 'none'", "script-src 'self'" + hashes.map { " " + $0 }.joined(), "style-src 'self'",
                       "img-src 'self' data:", "media-src \(origins)", "connect-src \(origins)", "base-uri 'none'",
                       "form-action 'none'", "object-src 'none'", frameable ? "frame-ancestors *" : "frame-ancestors 'self'"]).joined(separator: "; ")
        if let key {
            cache.withLock { cache in
                if cache.count >= 4096 { cache.removeAll() }
                cache[key] = policy
            }
        }
        return policy
    }

    static func read(_ region: FileRegion) -> [UInt8]? {
        guard region.length <= largestPageRead else { return nil }
        var bytes = [UInt8](repeating: 0, count: region.length)
        var done = 0
        while done < region.length {
            let count = bytes.withUnsafeMutableBytes { pread(region.file.descriptor, $0.baseAddress! + done, region.length - done,
                                                              off_t(region.offset + done)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            done += count
        }
        return bytes
    }

    /// The text of every `<script>` without a `src`, as the HTML tokenizer reads it: from the end
    /// of the start tag to the first `</script` (ASCII case-insensitive).
    static func inlineScripts(in html: [UInt8]) -> [ArraySlice<UInt8>] {
        var scripts: [ArraySlice<UInt8>] = []
        var index = 0
        while let open = find("<script", in: html, from: index) {
            guard let tagEnd = html[open...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let next = open + 7
            // `<scripts>` or `<script-x>` is another element.
            guard next < html.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                                      UInt8(ascii: "/"), UInt8(ascii: ">")].contains(html[next]) else {
                index = next
                continue
            }
            let close = find("</script", in: html, from: tagEnd + 1) ?? html.count
            let attributes = String(decoding: html[open..<tagEnd], as: UTF8.self).lowercased()
            if !attributes.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                || attributes.firstMatch(of: /[\s]src\s*=/) == nil {
                scripts.append(html[(tagEnd + 1)..<close])
            }
            index = close
        }
        return scripts
    }

    /// The HTML parser turns CR LF and lone CR into LF before anything else sees the text, so
    /// the hash a browser computes is of that.
    static func normalisingNewlines(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var previousWasCR = false
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && previousWasCR { previousWasCR = false; continue }
            previousWasCR = byte == UInt8(ascii: "\r")
            result.append(previousWasCR ? UInt8(ascii: "\n") : byte)
        }
        return result
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func find(_ needle: String, in html: [UInt8], from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard start + pattern.count <= html.count else { return nil }
        var index = start
        while index + pattern.count <= html.count {
            var matched = true
            for offset in 0..<pattern.count where asciiLowercase(html[index + offset]) != pattern[offset] {
                matched = false
                break
            }
            if matched { return index }
            index += 1
        }
        return nil
    }
}
