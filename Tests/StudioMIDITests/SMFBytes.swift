/// Hand-made Standard MIDI File bytes for tests: a header and tracks from raw event bytes, so
/// a test can write exactly the encoding (running status, sysex, odd lengths) it means to check.
enum SMFBytes {
    static func file(format: Int = 1, division: Int = 96, tracks: [[UInt8]], declaredTracks: Int? = nil) -> [UInt8] {
        var bytes: [UInt8] = Array("MThd".utf8) + u32(6) + u16(format) + u16(declaredTracks ?? tracks.count) + u16(division)
        for track in tracks { bytes += Array("MTrk".utf8) + u32(track.count) + track }
        return bytes
    }

    static let endOfTrack: [UInt8] = [0x00, 0xFF, 0x2F, 0x00]

    static func tempo(delta: [UInt8] = [0], micros: Int) -> [UInt8] {
        delta + [0xFF, 0x51, 0x03, UInt8(micros >> 16 & 0xFF), UInt8(micros >> 8 & 0xFF), UInt8(micros & 0xFF)]
    }

    /// A variable-length quantity.
    static func vlq(_ value: Int) -> [UInt8] {
        var bytes = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            bytes.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
            rest >>= 7
        }
        return bytes
    }

    static func u16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func u32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}
