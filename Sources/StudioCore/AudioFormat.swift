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

    /// The file name extensions that mean this format; the first is the one it is written with.
    public var fileExtensions: [String] {
        self == .ogg ? [fileExtension, "oga"] : [fileExtension]
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
