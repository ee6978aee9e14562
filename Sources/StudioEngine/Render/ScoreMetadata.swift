import StudioCore

/// What the files of a render say about themselves: title, licence terms and the software
/// tag. An engine's render fills it from its descriptor; a MIDI file's from the file and the
/// SoundFont, so that one mastering path serves every kind of score.
public struct ScoreMetadata: Sendable, Equatable {
    public var title: String
    public var licence: LicenceTerms
    /// The software tag, e.g. "Music Studio keys-1 2.0.0+sf.…".
    public var software: String

    public init(title: String, licence: LicenceTerms, software: String) {
        self.title = title
        self.licence = licence
        self.software = software
    }
}

/// How pass two treats the mix.
public enum MasteringMode: Sendable, Equatable {
    /// Fades, DC blocker, one gain to −14 LUFS and the true-peak limiter: a finished master.
    case normalised
    /// The plain sum of the parts at unity gain, with no fades, no DC blocker, no shared
    /// reverb or delay and no limiter: for comparing our player with another on the same input.
    case dry
}

/// What rendering a score measured and decided (the engine-free part of `RenderReport`).
public struct ScoreRenderResult: Sendable {
    public var frames: Int
    public var sampleRate: Int
    public var durationSeconds: Double { Double(frames) / Double(sampleRate) }
    public var loudnessLUFS: Double
    public var truePeakDBTP: Double
    public var masterGainDB: Double
    public var stemGainDB: Double?
    public var stems: [String]
    public var peaks: [Float]
}
