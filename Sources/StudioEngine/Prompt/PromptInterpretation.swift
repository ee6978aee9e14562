import StudioCore

/// What an engine understood from a prompt, as a value that a job can show.
///
/// Every musical decision the prompt influences is here with where it came from, so that a user
/// can see why a piece is in D minor at 84 bpm and which of their words had no effect.
public struct PromptInterpretation: Codable, Sendable, Equatable {
    /// Where a setting came from, strongest first.
    public enum Source: String, Codable, Sendable {
        case parameter   // an explicit request parameter (`bpm`, `key`, `seed`)
        case prompt      // words in the prompt ("92 bpm", "in D minor")
        case mood        // inferred from mood words ("sad" → minor, "energetic" → faster)
        case seed        // chosen by the seed within the engine's style
        case engine      // the engine's default
    }

    public var genre: String?
    public var moods: [String]
    public var bpm: Double
    public var bpmSource: Source
    public var key: MusicalKey
    public var keySource: Source
    /// 0 = near-silent and sparse, 1 = as busy and loud as the engine gets.
    public var energy: Double
    /// 0 = dark and muted, 1 = bright and open.
    public var brightness: Double
    /// 0 = dry, 1 = washed in reverb.
    public var space: Double
    /// Instruments the prompt asked for that this engine plays.
    public var instruments: [String]
    /// Instruments the prompt asked to leave out ("no drums").
    public var excludedInstruments: [String]
    /// Instruments the prompt asked for that this engine cannot play; said, not silently dropped.
    public var unsupportedInstruments: [String]
    /// The words that changed something, in prompt order.
    public var recognisedTerms: [String]
    /// Every word of the prompt, in order, as used (with its effect), not supported by this
    /// engine, or ignored (stop words and words outside the vocabulary): nothing is dropped silently.
    public var words: [HeardWord] = []
    /// The felt tempo of the drums: "half-time" halves the pattern's density, "double-time" doubles it.
    public var feel: Feel = .normal
    /// The share of each beat the on-beat eighth takes when the prompt asks (0.5 "straight",
    /// ≈ 0.66 "swing"); nil leaves the engine's own groove.
    public var swingRatio: Double?
    /// "jazzy": sevenths and ninths on the chords.
    public var extendedChords = false
    /// Timbres the prompt named that the engine honours ("square", "dusty").
    public var timbres: [String] = []
    /// A dance-music sub-genre ("deep house", "techno", "minimal"…) the engine plays in its own way.
    public var subgenre: String?
    /// The time signature the prompt asked for ("waltz", "in 3/4" → 3/4; "6/8"), on an engine
    /// that plays it; 4/4 otherwise.
    public var beatsPerBar = 4
    public var beatUnit = 4

    /// "3/4", as a score's time signature is written.
    public var timeSignature: String { "\(beatsPerBar)/\(beatUnit)" }

    public enum Feel: String, Codable, Sendable { case normal, half, double }

    /// One prompt word (or phrase) and what became of it.
    public struct HeardWord: Codable, Sendable, Equatable {
        public enum Status: String, Codable, Sendable {
            case used
            /// A musical word this engine cannot carry out ("waltz" on a 4/4-only engine).
            case unsupported
            /// A stop word or a word outside the vocabulary.
            case ignored
        }
        public var text: String
        public var status: Status
        /// What it did, or why it did nothing.
        public var effect: String

        public init(text: String, status: Status, effect: String) {
            self.text = text
            self.status = status
            self.effect = effect
        }
    }

    /// The words that had no effect, in prompt order.
    public var ignoredWords: [String] { words.filter { $0.status != .used }.map(\.text) }

    /// The words that shaped the music, lower-cased and sorted: the same understanding gives the
    /// same text whatever the word order or the ignored words around it.
    public var usedWordsKey: String {
        words.filter { $0.status == .used }.map { $0.text.lowercased() }.sorted().joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case genre, moods, bpm, bpmSource = "bpm_source", key, keySource = "key_source", energy
        case brightness, space, instruments, excludedInstruments = "excluded_instruments"
        case unsupportedInstruments = "unsupported_instruments", recognisedTerms = "recognised_terms"
        case words, feel, swingRatio = "swing_ratio", extendedChords = "extended_chords", timbres, subgenre
        case beatsPerBar = "beats_per_bar", beatUnit = "beat_unit"
    }

    public init(
        genre: String?, moods: [String], bpm: Double, bpmSource: Source, key: MusicalKey,
        keySource: Source, energy: Double, brightness: Double, space: Double,
        instruments: [String], excludedInstruments: [String], unsupportedInstruments: [String],
        recognisedTerms: [String]
    ) {
        self.genre = genre
        self.moods = moods
        self.bpm = bpm
        self.bpmSource = bpmSource
        self.key = key
        self.keySource = keySource
        self.energy = energy
        self.brightness = brightness
        self.space = space
        self.instruments = instruments
        self.excludedInstruments = excludedInstruments
        self.unsupportedInstruments = unsupportedInstruments
        self.recognisedTerms = recognisedTerms
    }

    /// True when the prompt asked for `instrument` and did not also exclude it.
    public func wants(_ instrument: String) -> Bool { instruments.contains(instrument) }

    /// True when the prompt said "no …" or "without …" of `instrument`.
    public func excludes(_ instrument: String) -> Bool { excludedInstruments.contains(instrument) }
}
