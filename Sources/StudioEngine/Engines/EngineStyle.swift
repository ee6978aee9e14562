/// The musical defaults of one engine: what it plays when the prompt says nothing.
public struct EngineStyle: Sendable {
    /// Tempos any engine accepts; outside this a request is clamped, never refused.
    public static let tempoLimits: ClosedRange<Double> = 40...200

    public var defaultBPM: Double
    public var defaultEnergy: Double
    public var defaultBrightness: Double
    public var defaultSpace: Double
    /// How often a prompt without a mood gets a minor key.
    public var minorProbability: Double
    /// Tonics the seed picks from when nothing names a key.
    public var preferredTonics: [Int]
    /// Canonical instrument names (see `Vocabulary.instruments`) this engine can play.
    public var instruments: Set<String>
    /// The musical phrases this engine's composer honours; the others are reported as not
    /// supported by the engine rather than pretended.
    public var abilities: Set<Ability>

    /// A kind of musical phrase (see `MusicalPhrases`) a composer can carry out.
    public enum Ability: String, Sendable, CaseIterable {
        /// "waltz", "3/4", "6/8": bars of other than four beats.
        case tripleMetre
        /// "half-time", "double-time": the drum pattern's density.
        case feel
        /// "swing", "shuffle", "straight": the off-beat eighths' delay.
        case swing
        /// "jazzy": sevenths and ninths.
        case extendedChords
        /// "square waves": a pulse-wave lead.
        case squareTimbre
        /// "dusty": vinyl texture and a darker top.
        case dusty
        /// "deep house", "techno", "minimal"…: tempo range, drums and parts of a sub-genre.
        case subgenres
    }

    public init(
        defaultBPM: Double, defaultEnergy: Double, defaultBrightness: Double, defaultSpace: Double,
        minorProbability: Double, preferredTonics: [Int] = Array(0..<12), instruments: Set<String>,
        abilities: Set<Ability> = []
    ) {
        self.defaultBPM = defaultBPM
        self.defaultEnergy = defaultEnergy
        self.defaultBrightness = defaultBrightness
        self.defaultSpace = defaultSpace
        self.minorProbability = minorProbability
        self.preferredTonics = preferredTonics
        self.instruments = instruments
        self.abilities = abilities
    }
}
