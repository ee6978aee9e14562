import Foundation

/// HMAC-SHA256 (RFC 2104, with SHA-256 as in RFC 4231).
///
/// Share links and signed audio URLs carry an HMAC of what they grant, keyed with the state's
/// secret, so the server can check them without a database lookup and nobody can forge one.
/// Verify with `isValidAuthenticationCode`, which compares in constant time; never compare
/// codes with `==` on strings.
///
/// ```swift
/// let tag = HMAC.authenticationCode(for: Data("GET /s/abc".utf8), key: secret)
/// HMAC.isValidAuthenticationCode(tag.bytes, for: Data("GET /s/abc".utf8), key: secret)  // true
/// ```
public struct HMAC: Sendable {
    /// The hash of (K ⊕ ipad) ‖ message, fed as the message arrives.
    private var inner: SHA256
    /// K ⊕ opad, kept for the outer hash at the end.
    private let outerKeyPad: [UInt8]

    /// Starts an HMAC with `key`. Keys longer than a block are hashed first, as RFC 2104 says.
    public init(key: some Sequence<UInt8>) {
        var block = Array(key)
        if block.count > SHA256.blockByteCount { block = SHA256.hash(block).bytes }
        block.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - block.count))
        inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        outerKeyPad = block.map { $0 ^ 0x5C }
    }

    /// Starts an HMAC with a key held in `Data`.
    public init(key: Data) {
        self.init(key: Array(key))
    }

    /// Feeds `data` to the code.
    public mutating func update(_ data: Data) { inner.update(data) }

    /// Feeds any sequence of bytes to the code.
    public mutating func update(_ bytes: some Sequence<UInt8>) { inner.update(bytes) }

    /// The authentication code of everything fed so far.
    public func finalize() -> SHA256.Digest {
        var outer = SHA256()
        outer.update(outerKeyPad)
        outer.update(inner.finalize().bytes)
        return outer.finalize()
    }

    /// The authentication code of `message` under `key`, in one call.
    public static func authenticationCode(for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> SHA256.Digest {
        var hmac = HMAC(key: key)
        hmac.update(message)
        return hmac.finalize()
    }

    /// The authentication code of `message` under `key`, both held in `Data`.
    public static func authenticationCode(for message: Data, key: Data) -> SHA256.Digest {
        var hmac = HMAC(key: key)
        hmac.update(message)
        return hmac.finalize()
    }

    /// Whether `code` is the authentication code of `message` under `key`, compared in constant
    /// time. A code of the wrong length is simply invalid.
    public static func isValidAuthenticationCode(
        _ code: some Collection<UInt8>, for message: some Sequence<UInt8>, key: some Sequence<UInt8>
    ) -> Bool {
        constantTimeEquals(authenticationCode(for: message, key: key).bytes, code)
    }
}
