/// The two checksums a PNG file carries: CRC-32 over each chunk (ISO 3309, the one zip and
/// Ethernet use) and Adler-32 at the end of the zlib stream inside it (RFC 1950).
public enum Checksums {
    /// The reflected CRC-32 table of polynomial 0xEDB88320, built once.
    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// CRC-32 of `bytes`, continuing from `crc` (the CRC of what came before; 0 to start).
    public static func crc32(_ bytes: some Sequence<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        var value = ~crc
        for byte in bytes { value = crcTable[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8) }
        return ~value
    }

    /// Adler-32 of `bytes`: two running sums modulo 65521, reduced every 5552 bytes (the most
    /// that cannot overflow 32 bits).
    public static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + 5552)
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }
}
