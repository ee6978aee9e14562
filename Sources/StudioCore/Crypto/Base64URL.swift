import Foundation

/// URL-safe base64 without padding (RFC 4648 §5): the alphabet `A–Z a–z 0–9 - _`.
///
/// Tokens, share-link signatures and ids travel in paths, query strings and headers, where `+`,
/// `/` and `=` would need escaping. Decoding is strict — no padding, no whitespace, no other
/// alphabet, and unused trailing bits must be zero — so that every byte string has exactly one
/// spelling and a signature cannot be altered into a second string that still verifies.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Each ASCII byte's 6-bit value, or 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    /// The URL-safe, unpadded base64 of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            for shift in [18, 12, 6, 0] as [UInt32] { output.append(alphabet[Int((group >> shift) & 0x3F)]) }
            index += 3
        }
        switch input.count - index {
        case 1:
            let group = UInt32(input[index]) << 16
            for shift in [18, 12] as [UInt32] { output.append(alphabet[Int((group >> shift) & 0x3F)]) }
        case 2:
            let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            for shift in [18, 12, 6] as [UInt32] { output.append(alphabet[Int((group >> shift) & 0x3F)]) }
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The URL-safe, unpadded base64 of `data`.
    public static func encode(_ data: Data) -> String { encode(Array(data)) }

    /// The bytes that `text` spells, or nil if it is not canonical unpadded base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        let symbols = Array(text.utf8)
        // A lone trailing symbol carries only 6 bits: never a whole byte.
        guard symbols.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count * 3 / 4)
        var group: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            let value = values[Int(symbol)]
            guard value != 0xFF else { return nil }
            group = group << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: group >> UInt32(bits)))
                group &= (1 << UInt32(bits)) - 1
            }
        }
        // Leftover bits are padding inside the last symbol; a canonical encoder leaves them zero.
        guard group == 0 else { return nil }
        return output
    }
}

extension Data {
    /// Decodes canonical URL-safe, unpadded base64; nil for anything else.
    public init?(base64URLEncoded text: String) {
        guard let bytes = Base64URL.decode(text) else { return nil }
        self.init(bytes)
    }

    /// This data as URL-safe base64 without padding.
    public func base64URLEncodedString() -> String { Base64URL.encode(self) }
}
