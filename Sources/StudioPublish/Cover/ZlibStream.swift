/// zlib streams (RFC 1950) around DEFLATE data (RFC 1951), written without zlib: what a PNG's
/// image data needs and nothing more.
///
/// `stored` copies the bytes in stored blocks (no compression; always valid, the reference the
/// tests check the other against). `compressed` writes one block with the fixed Huffman codes
/// and two kinds of back-reference only: the previous byte (a run) and the byte one `row` back
/// (the same place in the row above). For a filtered image of flat colours and bars that is
/// nearly all the redundancy there is, at a fraction of a general LZ77 matcher's code and time.
public enum ZlibStream {
    /// CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (no dictionary; the header is a multiple of 31).
    static let header: [UInt8] = [0x78, 0x01]

    public static func stored(_ data: [UInt8]) -> [UInt8] {
        var out = header
        var offset = 0
        repeat {
            let count = min(65535, data.count - offset)
            let final: UInt8 = offset + count == data.count ? 1 : 0
            out.append(final)  // BFINAL, BTYPE 00, padding to the byte
            out += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        return out + trailer(data)
    }

    /// `row`: the distance of the second kind of back-reference (a PNG row's length in bytes,
    /// filter byte included); 0 for runs only. At most 32768, the window.
    public static func compressed(_ data: [UInt8], row: Int = 0) -> [UInt8] {
        precondition(row <= 32768, "a back-reference reaches at most 32 KiB")
        var bits = BitWriter()
        bits.append(header)
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
        data.withUnsafeBufferPointer { data in
            var index = 0
            while index < data.count {
                let limit = min(258, data.count - index)
                var length = 0, distance = 0
                for candidate in [1, row] where candidate > 0 && candidate <= index {
                    var run = 0
                    while run < limit && data[index + run] == data[index + run - candidate] { run += 1 }
                    if run > length { (length, distance) = (run, candidate) }
                }
                if length >= 3 {
                    writeMatch(length: length, distance: distance, to: &bits)
                    index += length
                } else {
                    writeLiteral(Int(data[index]), to: &bits)
                    index += 1
                }
            }
        }
        writeLiteral(256, to: &bits)  // end of block
        return bits.finish() + trailer(data)
    }

    private static func trailer(_ data: [UInt8]) -> [UInt8] {
        let adler = Checksums.adler32(data)
        return [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
    }

    /// RFC 1951 §3.2.6: literal/length symbols 0–287 in 7 to 9 bits.
    private static func writeLiteral(_ symbol: Int, to bits: inout BitWriter) {
        switch symbol {
        case 0...143: bits.writeCode(0x30 + symbol, count: 8)
        case 144...255: bits.writeCode(0x190 + symbol - 144, count: 9)
        case 256...279: bits.writeCode(symbol - 256, count: 7)
        default: bits.writeCode(0xC0 + symbol - 280, count: 8)
        }
    }

    private static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163,
                                      195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
                                        3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static func writeMatch(length: Int, distance: Int, to bits: inout BitWriter) {
        let lengthCode = lengthBases.lastIndex { $0 <= length }!
        writeLiteral(257 + lengthCode, to: &bits)
        bits.write(UInt32(length - lengthBases[lengthCode]), count: lengthExtra[lengthCode])
        let distanceCode = distanceBases.lastIndex { $0 <= distance }!
        bits.writeCode(distanceCode, count: 5)
        bits.write(UInt32(distance - distanceBases[distanceCode]), count: distanceExtra[distanceCode])
    }
}

/// DEFLATE's bit order: values least significant bit first, Huffman codes most significant first.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt32 = 0
    private var used = 0

    mutating func append(_ whole: [UInt8]) {
        precondition(used == 0, "whole bytes go on a byte boundary")
        bytes += whole
    }

    mutating func write(_ value: UInt32, count: Int) {
        guard count > 0 else { return }
        buffer |= (value & ((1 << UInt32(count)) - 1)) << UInt32(used)
        used += count
        while used >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            used -= 8
        }
    }

    mutating func writeCode(_ code: Int, count: Int) {
        var reversed: UInt32 = 0
        for bit in 0..<count where code & (1 << (count - 1 - bit)) != 0 { reversed |= 1 << UInt32(bit) }
        write(reversed, count: count)
    }

    /// The bytes, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if used > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        used = 0
        return bytes
    }
}
