import Foundation
import StudioCore

/// The secrets users hold — share tokens, bearer tokens, API keys — and the hashes the state
/// keeps instead of them.
///
/// All are 24+ random (or HMAC-derived) bytes, so a plain SHA-256 is the right hash: there is
/// nothing to brute-force, and lookups by hash stay a single index probe.
public enum Credentials {
    public static let shareTokenPrefix = "mss_"
    public static let userTokenPrefix = "mst_"
    public static let apiKeyPrefix = "msk_"

    /// The share link's token: HMAC-SHA256 of its id under the signing secret, 192 bits,
    /// URL-safe. Deriving rather than storing it is what lets `studio publish` rebuild `public/`
    /// from the state alone while the state never holds a raw token.
    public static func shareToken(shareID: String, secret: [UInt8]) -> String {
        let mac = HMAC.authenticationCode(for: Array("share-token:\(shareID)".utf8), key: secret)
        return shareTokenPrefix + Base64URL.encode(mac.bytes.prefix(24))
    }

    /// A new random bearer token or API key (shown once, then only its hash is kept).
    public static func newUserToken() -> String { userTokenPrefix + SecureRandom.token(byteCount: 24) }
    public static func newAPIKey() -> String { apiKeyPrefix + SecureRandom.token(byteCount: 24) }

    /// What the state stores for a token or key.
    public static func hash(_ secret: String) -> String { SHA256.hash(Array(secret.utf8)).hex }

    /// Whether `token` has the shape of a share token, so that garbage is a 404 without a lookup.
    public static func isWellFormedShareToken(_ token: String) -> Bool {
        guard token.hasPrefix(shareTokenPrefix) else { return false }
        let body = token.dropFirst(shareTokenPrefix.count)
        return body.count == 32 && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
