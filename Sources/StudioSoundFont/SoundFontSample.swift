/// One `shdr` record: where a recorded sample lies in the sample data and how it was recorded.
///
/// All positions are indexes into `SoundFont.samples` (16-bit sample points, not bytes), so a
/// player can slice the mapped data with them directly.
public struct SoundFontSample: Sendable, Equatable {
    /// Which channel of a stereo pair this sample is, from `sfSampleType`.
    public enum Channel: Sendable, Equatable {
        case mono, right, left, linked
    }

    public let name: String
    /// First sample point, and one past the last (`dwEnd` is exclusive in the spec).
    public let start: Int
    public let end: Int
    /// First point of the loop, and the point just after its last (the loop plays
    /// `loopStart..<loopEnd`).
    public let loopStart: Int
    public let loopEnd: Int
    public let sampleRate: Int
    /// `byOriginalPitch` as stored: the MIDI key the sample was recorded at, or 255 for an
    /// unpitched sound. See `rootKey`.
    public let originalPitch: Int
    /// `chPitchCorrection`: cents to add when playing the sample (−128…127).
    public let pitchCorrection: Int
    /// `wSampleLink`: the other half of a stereo pair, an index into `sampleHeaders`.
    public let link: Int
    public let channel: Channel
    /// The sample lives in a sound ROM, not in this file, so there is no data to play;
    /// `SoundFont.regions` leaves such zones out.
    public let isROM: Bool
    /// `sfSampleType` as stored.
    public let rawType: UInt16

    /// The key the sample sounds at unshifted: "values between 128 and 254 are illegal; 255
    /// (unpitched) and illegal values are treated as 60" (§7.10).
    public var rootKey: Int { originalPitch <= 127 ? originalPitch : 60 }

    /// Number of sample points.
    public var length: Int { end - start }
}

extension SoundFontSample {
    static let recordSize = 46

    /// Reads and checks record `index` of `shdr` (the caller excludes the terminal record).
    ///
    /// For a sample in this file: start ≤ loopStart < loopEnd ≤ end ≤ sample count, and a
    /// nonzero rate. Checked here, once, because the player will index the mapped data with
    /// these numbers on the audio thread and must be able to trust them without a check per
    /// sample. A ROM sample's positions refer to the ROM and are not checked.
    static func parse(
        record index: Int, at offset: Int, reader: ByteReader, sampleCount: Int, headerCount: Int
    ) throws -> SoundFontSample {
        let name = reader.text(offset, maxLength: 20)
        let rawType = reader.u16(offset + 44)
        let channel: Channel = switch rawType & 0x7FFF {
        case 2: .right
        case 4: .left
        case 8: .linked
        default: .mono // 1, and any value a newer or careless writer puts here
        }
        let sample = SoundFontSample(
            name: name,
            start: Int(reader.u32(offset + 20)),
            end: Int(reader.u32(offset + 24)),
            loopStart: Int(reader.u32(offset + 28)),
            loopEnd: Int(reader.u32(offset + 32)),
            sampleRate: Int(reader.u32(offset + 36)),
            originalPitch: Int(reader.u8(offset + 40)),
            pitchCorrection: Int(reader.i8(offset + 41)),
            link: Int(reader.u16(offset + 42)),
            channel: channel,
            isROM: rawType & 0x8000 != 0,
            rawType: rawType)

        func fail(_ problem: String) -> SoundFontError {
            SoundFontError(chunk: "pdta/shdr", "record \(index) '\(name)' \(problem)")
        }
        if channel != .mono && sample.link >= headerCount {
            throw fail("links to sample \(sample.link), but there are only \(headerCount) samples")
        }
        if sample.isROM { return sample }
        if sample.sampleRate == 0 { throw fail("has a sample rate of 0") }
        if sample.end > sampleCount {
            throw fail("end \(sample.end) beyond sample data (\(sampleCount) samples)")
        }
        if sample.loopEnd > sample.end {
            let where_ = sample.loopEnd > sampleCount
                ? "beyond sample data (\(sampleCount) samples)"
                : "beyond the sample's end \(sample.end)"
            throw fail("loop end \(sample.loopEnd) \(where_)")
        }
        if sample.loopStart >= sample.loopEnd {
            throw fail("loop start \(sample.loopStart) is not before loop end \(sample.loopEnd)")
        }
        if sample.start > sample.loopStart {
            throw fail("start \(sample.start) is after loop start \(sample.loopStart)")
        }
        return sample
    }
}
