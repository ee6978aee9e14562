/// The file formats an engine can write, all at the engine's sample rate and in stereo.
public enum AudioFormat: String, Codable, Sendable, CaseIterable {
    case wav          // 16-bit PCM
    case wav24        // 24-bit PCM
    case wavFloat = "wav-float" // 32-bit float
    case flac         // 16-bit, dithered
    case mp3
    case ogg          // Vorbis
    case opus

    public var fileExtension: String {
        switch self {
        case .wav, .wav24, .wavFloat: "wav"
        case .flac: "flac"
        case .mp3: "mp3"
        case .ogg: "ogg"
        case .opus: "opus"
        }
    }

    public var mimeType: String {
        switch self {
        case .wav, .wav24, .wavFloat: "audio/wav"
        case .flac: "audio/flac"
        case .mp3: "audio/mpeg"
        case .ogg: "audio/ogg"
        case .opus: "audio/ogg; codecs=opus"
        }
    }

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
        default: return nil
        }
    }
}
