import StudioCore

/// The engines Music Studio ships. `studio engines`, the API and the published catalogue all
/// print `EngineCatalogue.descriptors`.
public enum EngineCatalogue {
    /// Everything these engines play is computed by our own code from the prompt and seed: no
    /// samples, recordings or trained models are involved, so the output carries no third-party
    /// rights and may be used commercially without attribution.
    static let synthesisedLicence = LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: false, attribution: nil)

    static let stemNames = ["drums", "bass", "harmony", "melody", "texture", "ambience"]

    public static let all: [MusicEngine] = [ambient, lofi, pulse, keys]

    public static var descriptors: [EngineDescriptor] { all.map(\.descriptor) }

    public static func engine(_ key: String) throws(RenderError) -> MusicEngine {
        guard let engine = all.first(where: { $0.descriptor.engineKey == key }) else { throw .unknownEngine(key) }
        return engine
    }

    /// The stems `engineKey` renders; none for an unknown engine.
    public static func stems(of engineKey: String) -> [Stem] {
        ((try? engine(engineKey))?.descriptor.stemNames ?? []).compactMap(Stem.init(rawValue:))
    }

    static let ambient = MusicEngine(
        descriptor: EngineDescriptor(
            engineKey: "ambient-1", name: "Ambient",
            description: "Slow, spacious ambient for focus: evolving synthesised pad chords over sampled slow strings "
                + "(a sampled choir when asked), a tonic drone, sparse bells and air. No drums. Instrumental only. "
                + "Understands moods (calm, dark, dreamy…), key, tempo (sets the pace of harmonic change), and asks for "
                + "strings, choir, piano or rain. Strings, choir and piano are samples of the FluidR3_GM SoundFont.",
            version: sampledVersion, maxDurationSeconds: 3600,
            stemNames: ["bass", "harmony", "melody", "texture", "ambience"],
            licence: sampledLicence, licenceSource: SoundFontLibrary.licence.source,
            enabled: SoundFontLibrary.font != nil, disabledReason: SoundFontLibrary.problem),
        style: EngineStyle(defaultBPM: 66, defaultEnergy: 0.3, defaultBrightness: 0.45, defaultSpace: 0.6,
                           minorProbability: 0.4, instruments: ["pads", "strings", "choir", "drone", "bass", "bells", "piano", "rain", "noise"],
                           abilities: [.extendedChords]),
        composer: { AmbientComposer(interpretation: $0, seed: $2, plannedForm: $3).compose(duration: $1) })

    static let lofi = MusicEngine(
        descriptor: EngineDescriptor(
            engineKey: "lofi-1", name: "Lofi",
            description: "Late-night lofi hip-hop: swung boom-bap on a sampled jazz kit, a walking fingered bass, jazzy "
                + "seventh chords on a sampled electric piano, a soft synthesised lead and vinyl crackle. Instrumental "
                + "only. Honours bpm, key, mood, energy, and asks for piano, pads, bells or rain; \"no drums\" and the "
                + "like remove parts. Kit, bass, electric piano and piano are samples of the FluidR3_GM SoundFont.",
            version: sampledVersion, maxDurationSeconds: 1800,
            stemNames: ["drums", "bass", "harmony", "melody", "texture", "ambience"],
            licence: sampledLicence, licenceSource: SoundFontLibrary.licence.source,
            enabled: SoundFontLibrary.font != nil, disabledReason: SoundFontLibrary.problem),
        style: EngineStyle(defaultBPM: 82, defaultEnergy: 0.5, defaultBrightness: 0.4, defaultSpace: 0.35,
                           minorProbability: 0.6, instruments: ["drums", "bass", "electric piano", "piano", "pads", "lead", "bells", "vinyl", "rain"],
                           abilities: [.feel, .swing, .extendedChords, .dusty, .tripleMetre]),
        composer: { LofiComposer(interpretation: $0, seed: $2, plannedForm: $3).compose(duration: $1) })

    static let pulse = MusicEngine(
        descriptor: EngineDescriptor(
            engineKey: "pulse-1", name: "Pulse",
            description: "Electronic dance music: four-on-the-floor kick, claps, off-beat hats, a side-chained synth "
                + "bass, wide pads, 16th-note arpeggios and a lead in the choruses, with breakdowns and builds. "
                + "Instrumental only. Honours bpm, key, mood and energy.",
            version: "1.0.0", maxDurationSeconds: 1800,
            stemNames: ["drums", "bass", "harmony", "melody", "texture", "ambience"], licence: synthesisedLicence,
            licenceSource: "built-in: synthesised by Music Studio's own code (no third-party samples)"),
        style: EngineStyle(defaultBPM: 124, defaultEnergy: 0.65, defaultBrightness: 0.55, defaultSpace: 0.35,
                           minorProbability: 0.55, instruments: ["drums", "bass", "pads", "arpeggio", "pluck", "lead", "noise"],
                           abilities: [.feel, .swing, .extendedChords, .squareTimbre, .subgenres]),
        composer: { PulseComposer(interpretation: $0, seed: $2, plannedForm: $3).compose(duration: $1) })

    /// Sampled engines carry the SoundFont's terms: `commercial_cleared` with FluidR3_GM's MIT
    /// notice for the font we ship with, the operator's declaration for another font, and
    /// `unclear` for a font nobody has vouched for.
    static var sampledLicence: LicenceTerms { SoundFontLibrary.licence.terms }

    /// The font is part of what a sampled engine renders; so are declared terms, which every
    /// render writes into its tags.
    static var sampledVersion: String { "2.2.0+sf.\(SoundFontLibrary.fingerprint)\(SoundFontLibrary.licence.versionSuffix)" }

    static let keys = MusicEngine(
        descriptor: EngineDescriptor(
            engineKey: "keys-1", name: "Keys",
            description: "Solo piano: a left hand of broken chords and a right-hand melody built from one motif, in "
                + "song form, ending on the tonic. The piano is sampled: the acoustic grand of the FluidR3_GM "
                + "SoundFont, played by our own SoundFont player. Instrumental only. Honours bpm, key, mood and energy.",
            version: sampledVersion, maxDurationSeconds: 1200,
            stemNames: ["harmony", "melody", "ambience"],
            licence: sampledLicence, licenceSource: SoundFontLibrary.licence.source,
            enabled: SoundFontLibrary.font != nil, disabledReason: SoundFontLibrary.problem),
        style: EngineStyle(defaultBPM: 76, defaultEnergy: 0.45, defaultBrightness: 0.45, defaultSpace: 0.35,
                           minorProbability: 0.5, instruments: ["piano"], abilities: [.extendedChords, .tripleMetre]),
        composer: { KeysComposer(interpretation: $0, seed: $2, plannedForm: $3).compose(duration: $1) })
}
