import Foundation

/// SHA-256 (FIPS 180-4), streaming or in one shot.
///
/// The studio hashes API keys and bearer tokens before storing them and signs share links with
/// HMAC-SHA256; both need a hash we can trust on every platform without a crypto dependency.
/// This is a plain, portable implementation: correct first, checked against the NIST example
/// vectors in the tests, and not tuned for speed (it is meant for keys, tokens and signatures,
/// not for checksumming gigabytes).
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Data("ab".utf8))
/// hasher.update("c".utf8)
/// hasher.finalize().hex  // "ba7816bf…"
/// ```
public struct SHA256: Sendable {
    /// Bytes in a digest.
    public static let digestByteCount = 32
    /// Bytes in one compression block; HMAC pads its key to this length.
    public static let blockByteCount = 64

    private var state: [UInt32] = SHA256.initialState
    /// The tail of the input that does not yet fill a block (always fewer than 64 bytes).
    private var pending: [UInt8] = []
    /// Total input length so far, in bytes; the padding encodes it in bits.
    private var byteCount: UInt64 = 0

    public init() {
        pending.reserveCapacity(Self.blockByteCount)
    }

    /// The digest of `data` in one call.
    public static func hash(_ data: Data) -> Digest {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest of any bytes in one call: `[UInt8]`, `"text".utf8`, a slice.
    public static func hash(_ bytes: some Sequence<UInt8>) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Feeds `data` to the hash.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update(bufferPointer: $0) }
    }

    /// Feeds any sequence of bytes to the hash, without copying when its storage is contiguous.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(bufferPointer: UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(bytes).withUnsafeBytes { update(bufferPointer: $0) }
        }
    }

    /// Feeds raw memory to the hash; the other `update`s end here.
    public mutating func update(bufferPointer input: UnsafeRawBufferPointer) {
        byteCount &+= UInt64(input.count)
        var rest = input[...]
        // Top up a partial block first; once it is full, compress it.
        if !pending.isEmpty {
            let take = min(Self.blockByteCount - pending.count, rest.count)
            pending.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            guard pending.count == Self.blockByteCount else { return }
            pending.withUnsafeBytes { Self.compress(&state, block: $0) }
            pending.removeAll(keepingCapacity: true)
        }
        // Whole blocks straight from the caller's memory.
        while rest.count >= Self.blockByteCount {
            Self.compress(&state, block: UnsafeRawBufferPointer(rebasing: rest.prefix(Self.blockByteCount)))
            rest = rest.dropFirst(Self.blockByteCount)
        }
        pending.append(contentsOf: rest)
    }

    /// The digest of everything fed so far. Non-mutating: a hasher can be finalized for a
    /// running checksum and then fed more.
    public func finalize() -> Digest {
        var copy = self
        let bitLength = byteCount &* 8
        // Padding: one 1 bit, zeros to 56 mod 64 bytes, then the length as a big-endian UInt64.
        var padding: [UInt8] = [0x80]
        let afterMarker = (pending.count + 1) % Self.blockByteCount
        let zeros = afterMarker <= 56 ? 56 - afterMarker : 56 + Self.blockByteCount - afterMarker
        padding.append(contentsOf: repeatElement(0, count: zeros))
        for shift in stride(from: 56, through: 0, by: -8) {
            padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        padding.withUnsafeBytes { copy.update(bufferPointer: $0) }
        precondition(copy.pending.isEmpty, "SHA-256 padding must end on a block boundary")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.digestByteCount)
        for word in copy.state {
            bytes.append(contentsOf: [UInt8(word >> 24), UInt8((word >> 16) & 0xFF), UInt8((word >> 8) & 0xFF), UInt8(word & 0xFF)])
        }
        return Digest(bytes: bytes)
    }
}

// MARK: - The compression function

extension SHA256 {
    /// H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes.
    private static let initialState: [UInt32] = [
        0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19,
    ]

    /// K: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// One application of the SHA-256 compression function to a 64-byte block (FIPS 180-4 §6.2.2).
    private static func compress(_ state: inout [UInt32], block: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d) = (state[0], state[1], state[2], state[3])
            var (e, f, g, h) = (state[4], state[5], state[6], state[7])
            roundConstants.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choose = (e & f) ^ (~e & g)
                    let t1 = h &+ sigma1 &+ choose &+ k[t] &+ w[t]
                    let sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = sigma0 &+ majority
                    (h, g, f, e) = (g, f, e, d &+ t1)
                    (d, c, b, a) = (c, b, a, t1 &+ t2)
                }
            }
            state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
            state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
        }
    }
}
