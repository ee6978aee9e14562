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

    /// The file name extensions that mean this format; the first is the one it is written with.
    public var fileExtensions: [String] {
        switch self {
        case .ogg: [fileExtension, "oga"]
        case .mid: [fileExtension, "midi", "smf"]
        default: [fileExtension]
        }
    }

    /// The format a file name's extension names, as `studio render -o x.flac` expects: the first
    /// case, in declaration order, that claims the extension (`.wav` is 16-bit). Nil when the
    /// extension names no format this list writes.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        let suffix = fileName[fileName.index(after: dot)...].lowercased()
        guard let format = Self.allCases.first(where: { $0.fileExtensions.contains(suffix) }) else { return nil }
        self = format
    }

    /// Every extension a file name may end with, for messages: "wav, flac, mp3, …".
    public static var knownExtensions: [String] {
        var seen: [String] = []
        for format in allCases { for suffix in format.fileExtensions where !seen.contains(suffix) { seen.append(suffix) } }
        return seen
    }
}
