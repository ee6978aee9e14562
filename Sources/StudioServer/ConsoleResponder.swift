import Foundation
import StudioConsole
import StudioCore
import StudioHTTP

/// `/studio/…`: the console's files from the binary (`ConsoleSite`), each with its type, an
/// ETag of its bytes (`no-cache`: a browser revalidates, so a new binary's console is seen at once)
/// and a policy of its own, stricter than the published pages':
///
/// * `script-src 'self'` and nothing else: the console's script is a file, never inline;
/// * `connect-src` and `media-src`: this origin and the base URL's, where the API and the signed
///   media URLs are;
/// * `frame-ancestors 'none'`: a page that holds a credential is never framed by anyone.
struct ConsoleResponder: Sendable {
    static let prefix = "/studio/"

    private struct Asset: Sendable {
        let bytes: [UInt8]
        let type: String
        let etag: String
    }

    private let assets: [String: Asset]
    private let policy: String

    init(baseURL: String) {
        assets = Dictionary(uniqueKeysWithValues: ConsoleSite.files.map { name, data in
            let digest = Data(SHA256.hash([UInt8](data)).bytes.prefix(12)).base64EncodedString()
            return (name, Asset(bytes: [UInt8](data), type: MediaType.forPath(name), etag: "\"\(digest)\""))
        })
        var origins = "'self'"
        if let components = URLComponents(string: baseURL), let scheme = components.scheme, let host = components.host {
            origins += " \(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
        }
        policy = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "media-src \(origins)",
                  "connect-src \(origins)", "base-uri 'none'", "form-action 'none'", "object-src 'none'",
                  "frame-ancestors 'none'"].joined(separator: "; ")
    }

    /// Whether `path` is the console's: `/studio` or anything under `/studio/`.
    static func handles(_ path: String) -> Bool { path == "/studio" || path.hasPrefix(prefix) }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == .get || request.method == .head else { return MusicAPI.error(.methodNotAllowed([.get, .head])) }
        if request.path == "/studio" {
            return secured(HTTPResponse(status: .movedPermanently, headers: ["Location": Self.prefix]))
        }
        let name = String(request.path.dropFirst(Self.prefix.count))
        guard let asset = assets[name.isEmpty ? "index.html" : name] else {
            return secured(HTTPResponse.text(.notFound, "No such file of the console: \(request.path)\n"))
        }
        var headers: HTTPHeaders = ["Content-Type": asset.type, "ETag": asset.etag, "Cache-Control": "no-cache"]
        if request.headers.listElements(for: "If-None-Match").contains(where: { $0 == "*" || $0 == asset.etag || $0 == "W/" + asset.etag }) {
            headers["Content-Type"] = nil
            return secured(HTTPResponse(status: .notModified, headers: headers))
        }
        return secured(HTTPResponse(status: .ok, headers: headers, bytes: asset.bytes))
    }

    private func secured(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = policy
        return response
    }
}
