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

    public init(
        defaultBPM: Double, defaultEnergy: Double, defaultBrightness: Double, defaultSpace: Double,
        minorProbability: Double, preferredTonics: [Int] = Array(0..<12), instruments: Set<String>
    ) {
        self.defaultBPM = defaultBPM
        self.defaultEnergy = defaultEnergy
        self.defaultBrightness = defaultBrightness
        self.defaultSpace = defaultSpace
        self.minorProbability = minorProbability
        self.preferredTonics = preferredTonics
        self.instruments = instruments
    }
}
