import Foundation
import StudioAPI
import StudioCore

/// Short-lived signed URLs for `/media/…` (CONTRACT §5, §6): HMAC-SHA256 over the path and the
/// expiry under the state's signing secret, checked in constant time. A URL can be handed to an
/// `<audio>` element or a CDN without any credential in it, and stops working after its TTL.
struct MediaSigner: Sendable {
    let secret: [UInt8]
    let baseURL: String
    let ttl: TimeInterval

    /// `/media/<relative path>` for a file under the render cache.
    static func path(forFile relative: String) -> String { "/media/" + relative }

    func link(forFile relative: String, now: Date) -> PlaybackLink {
        let path = Self.path(forFile: relative)
        let expires = Int64(now.timeIntervalSince1970 + ttl)
        return PlaybackLink(url: "\(baseURL)\(path)?expires=\(expires)&signature=\(signature(path: path, expires: expires))",
                            expiresAt: Date(timeIntervalSince1970: Double(expires)))
    }

    func signature(path: String, expires: Int64) -> String {
        Base64URL.encode(HMAC.authenticationCode(for: Array("media:\(path)\n\(expires)".utf8), key: secret).bytes)
    }

    /// Whether `signature` is right for `path` and `expires` has not passed.
    func verify(path: String, expires: String?, signature: String?, now: Date) -> Bool {
        guard let expires, expires.count <= 12, let seconds = Int64(expires), let signature, signature.count <= 64 else { return false }
        guard Double(seconds) >= now.timeIntervalSince1970 else { return false }
        return constantTimeEquals(self.signature(path: path, expires: seconds), signature)
    }
}
