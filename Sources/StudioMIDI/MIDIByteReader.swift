/// A cursor over a MIDI file's bytes that refuses to read past `end` (the end of the current
/// chunk), throwing an error that names the offset and the track instead.
struct MIDIByteReader {
    let bytes: [UInt8]
    let end: Int
    let track: Int?
    var position = 0

    var atEnd: Bool { position >= end }

    func error(_ problem: String, at offset: Int? = nil) -> MIDIFileError {
        MIDIFileError(offset: offset ?? position, track: track, problem)
    }

    mutating func u8(_ what: @autoclosure () -> String = "a byte") throws -> UInt8 {
        guard position < end else {
            throw error("expected \(what()) but the \(track == nil ? "file" : "track") ends here (truncated)")
        }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16() throws -> UInt16 {
        let high = UInt16(try u8()), low = UInt16(try u8())
        return high << 8 | low
    }

    mutating func u32() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 { value = value << 8 | UInt32(try u8()) }
        return value
    }

    mutating func fourCC() throws -> String {
        var text = ""
        for _ in 0..<4 { text.append(Character(Unicode.Scalar(try u8("a chunk id")))) }
        return text
    }

    /// A variable-length quantity: 7 bits per byte, high bit set on all but the last; at most
    /// four bytes (28 bits), as the spec limits it.
    mutating func variableLength(_ what: String) throws -> Int {
        let start = position
        var value = 0
        for _ in 0..<4 {
            let byte = try u8(what)
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        throw error("\(what) is longer than 4 bytes", at: start)
    }

    /// `count` bytes, checked against the end of the chunk first.
    mutating func take(_ count: Int, _ what: String) throws -> [UInt8] {
        guard count <= end - position else {
            throw error("\(what) needs \(count) bytes but only \(end - position) remain in the track (truncated)")
        }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    /// Skips `count` bytes, checked against the end of the chunk first.
    mutating func skip(_ count: Int, _ what: String) throws {
        guard count <= end - position else {
            throw error("\(what) needs \(count) bytes but only \(end - position) remain in the track (truncated)")
        }
        position += count
    }
}
