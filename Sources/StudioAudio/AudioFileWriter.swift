import CSndFile
import Foundation
import StudioCore

/// Writes one stereo audio file in any `AudioFormat`, with its metadata, through libsndfile.
///
/// Metadata is set before the first sample because several containers (FLAC, Ogg, MP3's
/// ID3v2) put their tags in a header that libsndfile writes with the first block of audio.
/// Which tags survive was measured with `ffprobe -show_entries format_tags:stream_tags` on files
/// written by libsndfile 1.2.0 (`storedTags(_:)` is that table, and the tests hold it to it):
///
/// - wav, wav24, wavFloat (RIFF LIST/INFO): title, artist, album, comment, copyright, date,
///   genre, software (ISFT; ffprobe calls it "encoder"). Not licence: INFO has no such field.
/// - flac (Vorbis comments): all nine.
/// - ogg (Vorbis comments; ffprobe lists them as stream tags, not format tags): all nine.
/// - opus (OpusTags, stream tags; software is written as ENCODER): all nine.
/// - mp3 (ID3 written by LAME): title, artist, album, comment, genre, and date as the year only.
///   Not copyright, licence or software: libsndfile does not pass them to LAME (a reader sees
///   LAME's own "LAME … version 3.100" encoder tag instead). LAME adds ID3v2 only when a field
///   overflows ID3v1's 30 characters; the licence summary in the comment always does, and
///   without v2 ffprobe would see a comment cut at 30 characters.
///
/// The licence therefore travels in the comment (`AudioMetadata.comment`), the one place every
/// format keeps. libsndfile appends " (libsndfile-1.2.0)" to the software tag. MP3 text is
/// reduced to ASCII (see `id3Text(_:)`).
///
/// Determinism: WAV, FLAC and MP3 files are byte-identical for the same samples, metadata and
/// `ditherSeed` (the float WAV PEAK chunk, which holds a timestamp, is switched off). Ogg Vorbis
/// and Opus are not: libsndfile picks a random Ogg stream serial number.
///
/// Not `Sendable`: a writer is one open file fed by one render, never shared.
public final class AudioFileWriter {
    public let url: URL
    public let format: AudioFormat
    public let sampleRate: Int

    private var handle: OpaquePointer?
    private var interleaved: UnsafeMutablePointer<Float>
    private var capacityFrames: Int
    private var dither: SeededRandom
    private let dithers: Bool

    /// Frames per `write` call that never allocate; larger calls grow the buffer once.
    static let initialCapacityFrames = 4096

    /// One least significant bit of 16-bit PCM in libsndfile's normalised float scale.
    static let sixteenBitLSB: Float = 1.0 / 32768.0

    public init(url: URL, format: AudioFormat, sampleRate: Int, metadata: AudioMetadata, ditherSeed: UInt64 = 0) throws {
        guard format.isAudio else {
            // A MIDI file is written from the score (`MIDIFileWriter`), never from samples.
            throw AudioFileError(path: url.path, message: "\(format.rawValue) is not an audio format; write it from the score")
        }
        self.url = url
        self.format = format
        self.sampleRate = sampleRate
        self.dither = SeededRandom(seed: ditherSeed)
        self.dithers = format.isSixteenBit
        self.capacityFrames = Self.initialCapacityFrames
        self.interleaved = .allocate(capacity: Self.initialCapacityFrames * 2)

        var info = SF_INFO()
        info.samplerate = Int32(clamping: sampleRate)
        info.channels = 2
        info.format = Self.sfFormat(format)
        guard let opened = sf_open(url.path, Int32(SFM_WRITE), &info) else {
            throw AudioFileError.libsndfile(path: url.path, handle: nil, context: "cannot open for writing as \(format.rawValue)")
        }
        handle = opened
        do {
            try configureEncoder(opened)
            try setStrings(opened, metadata)
        } catch {
            sf_close(opened)
            handle = nil
            throw error
        }
    }

    deinit {
        if let handle { sf_close(handle) }
        interleaved.deallocate()
    }

    /// Appends `frames` frames; `left` and `right` must each hold at least that many samples.
    public func write(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int) throws {
        guard let handle else { throw AudioFileError(path: url.path, message: "write after close") }
        guard frames > 0 else { return }
        if frames > capacityFrames {
            interleaved.deallocate()
            interleaved = .allocate(capacity: frames * 2)
            capacityFrames = frames
        }
        let out = interleaved
        if dithers {
            // TPDF: the difference of two uniform variables spans ±1 LSB with a triangular
            // density, which decorrelates the rounding error from the signal (no harmonic
            // distortion on quiet fades) at the lowest added noise of the common dithers.
            // One 64-bit draw gives both uniforms (its two 32-bit halves).
            let scale = Self.sixteenBitLSB / 4_294_967_296
            for i in 0..<frames {
                let a = dither.next(), b = dither.next()
                out[2 * i] = left[i] + scale * (Float(UInt32(truncatingIfNeeded: a)) - Float(UInt32(truncatingIfNeeded: a >> 32)))
                out[2 * i + 1] = right[i] + scale * (Float(UInt32(truncatingIfNeeded: b)) - Float(UInt32(truncatingIfNeeded: b >> 32)))
            }
        } else {
            for i in 0..<frames {
                out[2 * i] = left[i]
                out[2 * i + 1] = right[i]
            }
        }
        let written = sf_writef_float(handle, out, sf_count_t(frames))
        if written != sf_count_t(frames) {
            throw AudioFileError.libsndfile(path: url.path, handle: handle, context: "wrote \(written) of \(frames) frames")
        }
    }

    /// Flushes and closes the file; lossy encoders write their last frames and headers here,
    /// so a file is complete only after this returns. Calling it twice is harmless.
    public func close() throws {
        guard let handle else { return }
        self.handle = nil
        let code = sf_close(handle)
        if code != 0 {
            let reason = sf_error_number(code).map { String(cString: $0) } ?? "error \(code)"
            throw AudioFileError(path: url.path, message: "close failed: \(reason)")
        }
    }

    /// The tags a file of `format` keeps, as measured with ffprobe (see the type's comment).
    public static func storedTags(_ format: AudioFormat) -> Set<AudioTag> {
        let all = Set(AudioTag.allCases)
        switch format {
        case .wav, .wav24, .wavFloat: return all.subtracting([.licence])
        case .mp3: return all.subtracting([.copyright, .licence, .software])
        case .flac, .ogg, .opus: return all
        case .mid: return []
        }
    }

    static func sfFormat(_ format: AudioFormat) -> Int32 {
        let value: Int = switch format {
        case .wav: SF_FORMAT_WAV | SF_FORMAT_PCM_16
        case .wav24: SF_FORMAT_WAV | SF_FORMAT_PCM_24
        case .wavFloat: SF_FORMAT_WAV | SF_FORMAT_FLOAT
        case .flac: SF_FORMAT_FLAC | SF_FORMAT_PCM_16
        case .mp3: SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III
        case .ogg: SF_FORMAT_OGG | SF_FORMAT_VORBIS
        case .opus: SF_FORMAT_OGG | SF_FORMAT_OPUS
        case .mid: 0 // refused by init before it gets here
        }
        return Int32(value)
    }

    private func configureEncoder(_ handle: OpaquePointer) throws {
        switch format {
        case .wav, .wav24, .flac:
            // Without clipping libsndfile converts an over-full float by plain cast, and +1.01
            // wraps to a full-scale negative click; clipping saturates instead.
            sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        case .wavFloat:
            // The PEAK chunk libsndfile adds to float WAV carries time(NULL): it would make two
            // renders of the same request differ. Float needs no clipping: it stores > 1.0.
            sf_command(handle, Int32(SFC_SET_ADD_PEAK_CHUNK), nil, Int32(SF_FALSE))
        case .mp3:
            // LAME VBR V2 (quality 2 of 0…9, about 190 kbps): transparent for most material and
            // smaller than 320 CBR. The level must be set before the mode, because setting the
            // mode re-applies the level and fails while none is set.
            try command(handle, Int32(SFC_SET_COMPRESSION_LEVEL), double: 0.2, what: "MP3 quality")
            try command(handle, Int32(SFC_SET_BITRATE_MODE), int: Int32(SF_BITRATE_MODE_VARIABLE), what: "MP3 bitrate mode")
        case .ogg:
            // Vorbis quality 0.6 (q6, about 190 kbps stereo), matching the MP3 choice.
            try command(handle, Int32(SFC_SET_VBR_ENCODING_QUALITY), double: 0.6, what: "Vorbis quality")
        case .opus:
            // libsndfile maps level L to ((1−L)·250 + 6) kbps per channel: 0.768 gives 64 kbps
            // per channel, 128 kbps stereo, where Opus is transparent for music.
            try command(handle, Int32(SFC_SET_COMPRESSION_LEVEL), double: 0.768, what: "Opus bitrate")
        case .mid:
            break
        }
    }

    private func command(_ handle: OpaquePointer, _ command: Int32, double value: Double, what: String) throws {
        var value = value
        let ok = sf_command(handle, command, &value, Int32(MemoryLayout<Double>.size))
        guard ok == SF_TRUE else {
            throw AudioFileError.libsndfile(path: url.path, handle: handle, context: "cannot set \(what)")
        }
    }

    private func command(_ handle: OpaquePointer, _ command: Int32, int value: Int32, what: String) throws {
        var value = value
        let ok = sf_command(handle, command, &value, Int32(MemoryLayout<Int32>.size))
        guard ok == SF_TRUE else {
            throw AudioFileError.libsndfile(path: url.path, handle: handle, context: "cannot set \(what)")
        }
    }

    private func setStrings(_ handle: OpaquePointer, _ metadata: AudioMetadata) throws {
        for tag in AudioTag.allCases {
            guard let value = metadata.value(for: tag), !value.isEmpty else { continue }
            var text = value
            if format == .mp3 {
                // See `id3Text(_:)` for why MP3 tags are reduced to ASCII. ID3v2.3's TYER and
                // ID3v1's year hold exactly four digits; ffprobe ignores a longer TYER.
                text = Self.id3Text(tag == .date ? String(value.prefix(4)) : value)
            }
            let code = sf_set_string(handle, tag.sfStringType, text)
            if code != 0 {
                let reason = sf_error_number(code).map { String(cString: $0) } ?? "error \(code)"
                throw AudioFileError(path: url.path, message: "cannot set \(tag) tag: \(reason)")
            }
        }
    }

    /// LAME writes ID3 text frames declared ISO-8859-1 and copies libsndfile's UTF-8 bytes into
    /// them unchanged, so "Café" would read back as "CafÃ©"; libsndfile refuses Latin-1 input
    /// ("bad string"), so the only honest text is ASCII. Accents are folded ("Cafe"), common
    /// typographic punctuation is mapped, and anything else becomes "?".
    static func id3Text(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            switch scalar {
            case _ where scalar.isASCII: out.append(scalar)
            case "\u{2018}", "\u{2019}": out.append("'")
            case "\u{201C}", "\u{201D}": out.append("\"")
            case "\u{2013}", "\u{2014}": out.append("-")
            case "\u{2026}": out.append(contentsOf: "...".unicodeScalars)
            case "\u{00DF}": out.append(contentsOf: "ss".unicodeScalars)
            case "\u{00C6}": out.append(contentsOf: "AE".unicodeScalars)
            case "\u{00E6}": out.append(contentsOf: "ae".unicodeScalars)
            case "\u{00D8}": out.append("O")
            case "\u{00F8}": out.append("o")
            default: out.append("?")
            }
        }
        return String(out)
    }
}
