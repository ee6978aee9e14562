import Foundation

extension SHA256 {
    /// The 32-byte result of SHA-256 or HMAC-SHA256.
    ///
    /// Equality is constant-time, so comparing a presented token's hash or a signature with the
    /// expected one never leaks, through timing, how many leading bytes matched.
    public struct Digest: Sendable, Hashable, CustomStringConvertible {
        /// The digest, most significant byte first.
        public let bytes: [UInt8]

        public init(bytes: [UInt8]) { self.bytes = bytes }

        /// Lowercase hexadecimal, 64 characters: the form stored in the database and shown in docs.
        public var hex: String { Self.hex(bytes) }

        /// The bytes as `Data`.
        public var data: Data { Data(bytes) }

        /// URL-safe base64 without padding, 43 characters: the form used in tokens and signed URLs.
        public var base64URL: String { Base64URL.encode(bytes) }

        public var description: String { hex }

        /// A render seed from the digest: its first 8 bytes, big-endian, shifted below 2^53 so
        /// that it prints exactly as a JSON number. Cached renders are keyed by seeds made this
        /// way (`studio build` and the server's jobs): the derivation must never change.
        public var seed: UInt64 { bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } >> 11 }

        public static func == (lhs: Digest, rhs: Digest) -> Bool {
            constantTimeEquals(lhs.bytes, rhs.bytes)
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

        /// Lowercase hexadecimal of any bytes.
        public static func hex(_ bytes: some Sequence<UInt8>) -> String {
            let digits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = []
            text.reserveCapacity(bytes.underestimatedCount * 2)
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
