/// Reads the bytes of a Standard MIDI File (SMF 1.0) into a `MIDIFile`.
///
/// Every length and every data byte is checked against the end of its chunk before it is read,
/// so a truncated or corrupt file becomes a `MIDIFileError` naming the track and byte offset,
/// never a trap. Chunks other than `MThd` and `MTrk` are skipped, as the spec asks.
public enum MIDIParser {
    public static func parse(_ bytes: [UInt8]) throws -> MIDIFile {
        var reader = MIDIByteReader(bytes: bytes, end: bytes.count, track: nil)
        guard try reader.fourCC() == "MThd" else {
            throw MIDIFileError(offset: 0, "not a Standard MIDI File (no MThd header)")
        }
        let headerLength = Int(try reader.u32())
        guard headerLength >= 6 else {
            throw MIDIFileError(offset: 4, "MThd length \(headerLength), expected at least 6")
        }
        let headerEnd = 8 + headerLength
        guard headerEnd <= bytes.count else {
            throw MIDIFileError(offset: 4, "MThd claims \(headerLength) bytes but the file ends after \(bytes.count - 8)")
        }
        let format = Int(try reader.u16())
        let trackCount = Int(try reader.u16())
        let divisionWord = Int(try reader.u16())
        switch format {
        case 0, 1: break
        case 2: throw MIDIFileError(offset: 8, "format 2 (independent sequences) is not supported; use format 0 or 1")
        default: throw MIDIFileError(offset: 8, "unknown format \(format)")
        }
        let division: MIDIFile.Division
        if divisionWord & 0x8000 == 0 {
            guard divisionWord > 0 else { throw MIDIFileError(offset: 12, "division is 0 ticks per quarter note") }
            division = .ticksPerQuarter(divisionWord)
        } else {
            // High byte: negative SMPTE format (−24, −25, −29 = 29.97 drop-frame, −30).
            let smpte = -Int(Int8(truncatingIfNeeded: divisionWord >> 8))
            let ticksPerFrame = divisionWord & 0xFF
            let rates: [Int: Double] = [24: 24, 25: 25, 29: 30000.0 / 1001, 30: 30]
            guard let fps = rates[smpte], ticksPerFrame > 0 else {
                throw MIDIFileError(offset: 12, "invalid SMPTE division \(smpte) fps, \(ticksPerFrame) ticks per frame")
            }
            division = .smpte(framesPerSecond: fps, ticksPerFrame: ticksPerFrame)
        }
        if format == 0 && trackCount != 1 {
            throw MIDIFileError(offset: 10, "format 0 must have exactly one track, header says \(trackCount)")
        }

        var tracks: [MIDITrack] = []
        var offset = headerEnd
        while tracks.count < trackCount {
            guard offset + 8 <= bytes.count else {
                throw MIDIFileError(offset: offset, track: tracks.count,
                                    "the header promises \(trackCount) tracks but the file ends after \(tracks.count)")
            }
            var chunk = MIDIByteReader(bytes: bytes, end: bytes.count, track: tracks.count, position: offset)
            let id = try chunk.fourCC()
            let length = Int(try chunk.u32())
            let start = offset + 8
            guard length <= bytes.count - start else {
                throw MIDIFileError(offset: offset + 4, track: tracks.count,
                                    "\(id) chunk claims \(length) bytes but only \(bytes.count - start) remain (truncated file)")
            }
            if id == "MTrk" {
                let reader = MIDIByteReader(bytes: bytes, end: start + length, track: tracks.count, position: start)
                tracks.append(try MIDITrackParser.parse(reader))
            }
            offset = start + length
        }
        return MIDIFile(format: format, division: division, tracks: tracks)
    }
}
