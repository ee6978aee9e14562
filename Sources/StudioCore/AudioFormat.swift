/// The file formats an engine can write: audio at the engine's sample rate and in stereo, and
/// the score itself as a Standard MIDI File (`mid`).
///
/// This one list drives the CLI's extensions, the recipes' `formats` and the API's `format`, so
/// `mid` lives here too; `isAudio` is what keeps it out of every path that meters, tags, draws
/// or encodes samples.
public enum AudioFormat: String, Codable, Sendable, CaseIterable {
    case wav          // 16-bit PCM
    case wav24        // 24-bit PCM
    case wavFloat = "wav-float" // 32-bit float
    case flac         // 16-bit, dithered
    case mp3
    case ogg          // Vorbis
    case opus
    /// The score as performed, as a type-1 Standard MIDI File: no samples, so no mastering.
    case mid

    public var fileExtension: String {
        switch self {
        case .wav, .wav24, .wavFloat: "wav"
        case .flac: "flac"
        case .mp3: "mp3"
        case .ogg: "ogg"
        case .opus: "opus"
        case .mid: "mid"
        }
    }

    public var mimeType: String {
        switch self {
        case .wav, .wav24, .wavFloat: "audio/wav"
        case .flac: "audio/flac"
        case .mp3: "audio/mpeg"
        case .ogg: "audio/ogg"
        case .opus: "audio/ogg; codecs=opus"
        case .mid: "audio/midi"
        }
    }

    /// False for `mid`: a MIDI file holds notes, not samples, so it has no loudness, no true
    /// peak, no waveform and no tags, and an `<audio>` element cannot play it.
    public var isAudio: Bool { self != .mid }

    /// Every format that holds samples: what an audio writer, reader or meter can take.
    public static var audioFormats: [AudioFormat] { allCases.filter(\.isAudio) }

    /// Integer formats of 16 bits get TPDF dither before quantisation.
    public var isSixteenBit: Bool { self == .wav || self == .flac }

    /// Guesses the format from a file name, as `studio render -o x.flac` expects.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "wav": self = .wav
        case "flac": self = .flac
        case "mp3": self = .mp3
        case "ogg", "oga": self = .ogg
        case "opus": self = .opus
        case "mid", "midi", "smf": self = .mid
        default: return nil
        }
    }
}
