/// Unpredictable bytes for secrets: tokens, API keys, ids, the signing secret.
///
/// Backed by `SystemRandomNumberGenerator`, which the standard library documents as
/// cryptographically secure (`getrandom`/`/dev/urandom` on Linux, `arc4random` on Apple
/// platforms) and which cannot fail midway the way opening a device file can.
/// Never use `SeededRandom` for these: it is reproducible by design.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "a negative number of random bytes makes no sense")
        var generator = SystemRandomNumberGenerator()
        var output: [UInt8] = []
        output.reserveCapacity(count + 8)
        while output.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { output.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        output.removeLast(output.count - count)
        return output
    }

    /// A random URL-safe token of `byteCount` bytes of entropy (32 by default: 43 characters).
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
