/// PNG files (ISO/IEC 15948) of 8-bit RGB pixels, written without libpng: the signature, IHDR,
/// one IDAT of zlib data (`ZlibStream`), IEND, each chunk with its CRC-32.
///
/// Every row is written with the Sub filter (each byte minus the one a pixel to its left), so a
/// run of one colour becomes a run of zeros and a row like the one above it repeats it exactly,
/// which is what `ZlibStream.compressed` turns into back-references.
public enum PNGEncoder {
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `pixels`: `width * height * 3` bytes, rows top to bottom, R G B.
    public static func encode(width: Int, height: Int, rgb pixels: [UInt8], compress: Bool = true) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "RGB pixels of the stated size")
        let stride = width * 3
        var filtered = [UInt8](repeating: 0, count: height * (stride + 1))
        for y in 0..<height {
            let source = y * stride, target = y * (stride + 1)
            filtered[target] = 1  // filter type: Sub
            for x in 0..<stride {
                filtered[target + 1 + x] = x < 3 ? pixels[source + x] : pixels[source + x] &- pixels[source + x - 3]
            }
        }
        // The row distance helps only while it fits in the window.
        let row = stride + 1 <= 32768 ? stride + 1 : 0
        let data = compress ? ZlibStream.compressed(filtered, row: row) : ZlibStream.stored(filtered)
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, adaptive filters, no interlace
        return signature + chunk("IHDR", header) + chunk("IDAT", data) + chunk("IEND", [])
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let crc = Checksums.crc32(data, continuing: Checksums.crc32(typeBytes))
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
