/// Writes a `MIDIFile` as Standard MIDI File bytes: the inverse of `MIDIParser`.
///
/// What it writes reads back through the parser as the same `MIDIFile` (same format, division,
/// tracks, events and end ticks), which the round-trip tests hold it to. Every event is written
/// with its own status byte (no running status: a few per cent larger, and every event stands on
/// its own in a hex dump), a note-off as 0x8n with its release velocity, and every track ends
/// with an end-of-track meta event at its `endTick` (or its last event, if later).
public enum MIDIFileWriter {
    /// The bytes of `file`. Values outside their MIDI ranges (a channel past 15, a key past 127,
    /// a negative delta) are programming errors of whoever built the file, so they trap rather
    /// than write a file that another reader would choke on.
    public static func bytes(of file: MIDIFile) -> [UInt8] {
        precondition(file.format == 0 || file.format == 1, "only formats 0 and 1 are written")
        precondition(file.format == 1 || file.tracks.count == 1, "format 0 has exactly one track")
        var out: [UInt8] = Array("MThd".utf8)
        append32(6, to: &out)
        append16(file.format, to: &out)
        append16(file.tracks.count, to: &out)
        append16(divisionWord(file.division), to: &out)
        for track in file.tracks {
            let body = trackBody(track)
            out += Array("MTrk".utf8)
            append32(body.count, to: &out)
            out += body
        }
        return out
    }

    /// A variable-length quantity: 7 bits a byte, most significant first, the high bit set on
    /// every byte but the last. The spec allows at most four bytes (0…0x0FFFFFFF).
    public static func variableLength(_ value: Int) -> [UInt8] {
        precondition(value >= 0 && value <= 0x0FFF_FFFF, "a variable-length quantity holds 0…0x0FFFFFFF, not \(value)")
        var bytes = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            bytes.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
            rest >>= 7
        }
        return bytes
    }

    static func trackBody(_ track: MIDITrack) -> [UInt8] {
        var out: [UInt8] = []
        var tick = 0
        for item in track.events {
            precondition(item.tick >= tick, "track events must be in tick order (\(item.tick) after \(tick))")
            out += variableLength(item.tick - tick)
            tick = item.tick
            out += eventBytes(item.event)
        }
        out += variableLength(max(track.endTick, tick) - tick)
        out += [0xFF, 0x2F, 0x00]
        return out
    }

    static func eventBytes(_ event: MIDIEvent) -> [UInt8] {
        func status(_ kind: UInt8, _ channel: Int) -> UInt8 {
            precondition((0...15).contains(channel), "MIDI channel \(channel) is outside 0…15")
            return kind | UInt8(channel)
        }
        func data(_ value: Int) -> UInt8 {
            precondition((0...127).contains(value), "MIDI data byte \(value) is outside 0…127")
            return UInt8(value)
        }
        switch event {
        case .noteOn(let channel, let key, let velocity):
            precondition(velocity > 0, "a note-on of velocity 0 is a note-off; write .noteOff")
            return [status(0x90, channel), data(key), data(velocity)]
        case .noteOff(let channel, let key, let velocity):
            return [status(0x80, channel), data(key), data(velocity)]
        case .polyPressure(let channel, let key, let pressure):
            return [status(0xA0, channel), data(key), data(pressure)]
        case .controlChange(let channel, let controller, let value):
            return [status(0xB0, channel), data(controller), data(value)]
        case .programChange(let channel, let program):
            return [status(0xC0, channel), data(program)]
        case .channelPressure(let channel, let pressure):
            return [status(0xD0, channel), data(pressure)]
        case .pitchBend(let channel, let value):
            precondition((0...16383).contains(value), "pitch bend \(value) is outside 0…16383")
            return [status(0xE0, channel), UInt8(value & 0x7F), UInt8(value >> 7)]
        case .tempo(let micros):
            precondition(micros > 0 && micros <= 0xFF_FFFF, "tempo \(micros) µs per quarter does not fit 3 bytes")
            return [0xFF, 0x51, 0x03, UInt8(micros >> 16), UInt8((micros >> 8) & 0xFF), UInt8(micros & 0xFF)]
        case .meta(let type, let bytes):
            precondition((0...0x7F).contains(type) && type != 0x2F && type != 0x51,
                         "meta type \(type): end-of-track and tempo have their own spellings")
            return [0xFF, UInt8(type)] + variableLength(bytes.count) + bytes
        }
    }

    static func divisionWord(_ division: MIDIFile.Division) -> Int {
        switch division {
        case .ticksPerQuarter(let ppq):
            precondition((1...0x7FFF).contains(ppq), "ticks per quarter \(ppq) is outside 1…32767")
            return ppq
        case .smpte(let fps, let ticksPerFrame):
            let code: Int = fps < 24.5 ? 24 : fps < 25.5 ? 25 : fps < 29.99 ? 29 : 30
            precondition((1...255).contains(ticksPerFrame), "ticks per frame \(ticksPerFrame) is outside 1…255")
            return (Int(UInt8(bitPattern: Int8(-code))) << 8) | ticksPerFrame
        }
    }

    private static func append16(_ value: Int, to out: inout [UInt8]) {
        out += [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func append32(_ value: Int, to out: inout [UInt8]) {
        out += [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

extension MIDIEvent {
    /// Meta event builders for what an exporter writes: names, markers, signatures.
    public static func trackName(_ name: String) -> MIDIEvent { .meta(type: 0x03, data: Array(name.utf8)) }
    public static func marker(_ text: String) -> MIDIEvent { .meta(type: 0x06, data: Array(text.utf8)) }

    /// Meta 0x58: numerator, denominator as a power of two, MIDI clocks per metronome click,
    /// and 32nd notes per MIDI quarter note (8).
    public static func timeSignature(_ numerator: Int, _ denominator: Int) -> MIDIEvent {
        precondition(denominator > 0 && denominator & (denominator - 1) == 0, "a time signature's denominator is a power of two")
        let power = denominator.trailingZeroBitCount
        return .meta(type: 0x58, data: [UInt8(numerator), UInt8(power), UInt8(24 * 4 / denominator), 8])
    }

    /// Meta 0x59: sharps (positive) or flats (negative), −7…7, and 0 for major, 1 for minor.
    public static func keySignature(sharps: Int, minor: Bool) -> MIDIEvent {
        precondition((-7...7).contains(sharps), "a key signature has −7…7 sharps, not \(sharps)")
        return .meta(type: 0x59, data: [UInt8(bitPattern: Int8(sharps)), minor ? 1 : 0])
    }
}

extension MIDIFile {
    /// The file as Standard MIDI File bytes (`MIDIFileWriter`).
    public var bytes: [UInt8] { MIDIFileWriter.bytes(of: self) }
}
