import Foundation

/// Little-endian field reads from the mapped file.
///
/// SoundFont records are packed (a 38-byte `phdr` record puts 16-bit fields at odd offsets),
/// so every read is unaligned, and the format is little-endian, so every read converts from
/// little-endian: correct on any host, and straight out of the map without copying a chunk.
/// Callers check that the bytes they read lie inside the chunk before reading; the reader
/// itself adds no checks of its own in the hot loops over records.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer

    func u8(_ offset: Int) -> UInt8 { bytes[offset] }

    func i8(_ offset: Int) -> Int8 { Int8(bitPattern: bytes[offset]) }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    func i16(_ offset: Int) -> Int16 { Int16(bitPattern: u16(offset)) }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// A four-character code. Non-printable bytes become "?" so that a corrupted id can be
    /// shown in an error message without mangling it.
    func fourCC(_ offset: Int) -> String {
        String((0..<4).map { i -> Character in
            let byte = bytes[offset + i]
            return (0x20...0x7E).contains(byte) ? Character(UnicodeScalar(byte)) : "?"
        })
    }

    /// A fixed-size or chunk-sized text field: up to the first NUL, trailing spaces removed.
    ///
    /// The specification says ASCII, but fonts made with old Windows editors carry
    /// Windows-1252 accents; valid UTF-8 is taken as such and anything else is read as
    /// Latin-1, which never fails and keeps plain ASCII exact.
    func text(_ offset: Int, maxLength: Int) -> String {
        var field: [UInt8] = []
        field.reserveCapacity(min(maxLength, 256))
        for i in 0..<maxLength {
            let byte = bytes[offset + i]
            if byte == 0 { break }
            field.append(byte)
        }
        while field.last == 0x20 { field.removeLast() }
        if let utf8 = String(bytes: field, encoding: .utf8) { return utf8 }
        return String(String.UnicodeScalarView(field.map { UnicodeScalar($0) }))
    }
}
